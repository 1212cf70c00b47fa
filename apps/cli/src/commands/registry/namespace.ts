import { MlsecError } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const NAMESPACE_HELP = `Usage: mlsec registry namespace create NAMESPACE [options]

Create a namespace (a team's space for models, with its own grants and gate policy). Private unless
--public, which lets anyone, signed in or not, pull its ready versions. Needs a registry admin.

Options:
      --public          anyone may pull from it
${CONNECTION_HELP}

Exit codes: 0 created; 2 usage or registry error (e.g. REGISTRY_NAMESPACE_EXISTS).

Example:
  mlsec registry namespace create team
`;

/** `mlsec registry namespace create`. */
export async function namespaceCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    public: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(NAMESPACE_HELP);
    return EXIT.ok;
  }
  if (positionals[0] !== 'create' || positionals.length !== 2) {
    throw new MlsecError('CLI_USAGE', 'give create NAMESPACE');
  }
  const namespace = checkName(positionals[1] ?? '', 'namespace');
  const client = clientFrom(values, io);
  await client.json([namespace], { method: 'PUT', json: { public: values.public } });
  io.stderr.write(
    `mlsec: created ${values.public ? 'public' : 'private'} namespace ${namespace}\n`,
  );
  return EXIT.ok;
}
