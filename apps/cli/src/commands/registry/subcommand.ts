import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { RegistryClient } from './client.ts';
import { resolveConnection } from './config.ts';

/** One `mlsec registry` subcommand: its argv after the subcommand name. */
export type Subcommand = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;

/** Help lines every client subcommand shares. */
export const CONNECTION_HELP = `      --registry <URL>  the registry (default: the one mlsec registry login stored)
      --insecure        allow http:// to a host that is not loopback (the token travels in clear)
  -h, --help            show this help

The token comes from MLSEC_REGISTRY_TOKEN, else from the stored login (only for its own URL);
without one, requests are anonymous (enough to pull from a public namespace).`;

/** A client for the registry chosen by the flags, the environment and the stored login. */
export function clientFrom(
  values: { registry?: string | undefined; insecure: boolean },
  io: CommandIo,
): RegistryClient {
  return new RegistryClient(resolveConnection(values, io));
}
