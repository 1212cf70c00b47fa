import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { startRegistry } from '@mlsec/registry';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';

export const SERVE_HELP = `Usage: mlsec registry serve DIR [options]

Run the registry of DIR (made by 'mlsec registry init'): the HTTP API with its OpenAPI document at
/openapi.json, version checks as background jobs (an artifact scan of every pushed file; a version
is visible only once they pass), and a signed log checkpoint whenever the log grows. Every route
needs a token except /healthz, /openapi.json and the log's checkpoint and proofs (hashes only).
Stops cleanly on SIGINT/SIGTERM.

The database, the blob store (a folder or an S3 bucket) and encryption at rest are DIR/registry.json's
settings (see 'mlsec registry init --help'). S3 credentials come from the AWS SDK's chain
(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role); an encrypted registry
needs its key-encryption key file, or the environment variable registry.json names, on every start.

Options:
      --host <HOST>     address to listen on (default 127.0.0.1)
      --port <PORT>     port (default 8470; 0 picks one)
      --tls-cert <PEM>  certificate and key files: serve HTTPS only
      --tls-key <PEM>
      --log             log requests (JSON lines on stdout)
  -h, --help            show this help

Exit codes: 0 stopped by a signal; 2 usage, a bad registry.json or a missing or malformed
key-encryption key (REGISTRY_CONFIG_INVALID), an unreachable database or blob store.

Examples:
  mlsec registry serve ./registry --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
  MLSEC_REGISTRY_KEK=$(cat /run/secrets/kek) mlsec registry serve ./registry
`;

/** `mlsec registry serve`: runs until a signal arrives. */
export async function serveCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    log: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new MlsecError('CLI_USAGE', 'give exactly one DIR');
  const port = values.port === undefined ? 8470 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new MlsecError('CLI_USAGE', '--port is 0..65535');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new MlsecError('CLI_USAGE', 'give both --tls-cert and --tls-key, or neither');
  }
  const tls =
    values['tls-cert'] === undefined || values['tls-key'] === undefined
      ? undefined
      : {
          cert: readFileSync(resolve(io.cwd, values['tls-cert'])),
          key: readFileSync(resolve(io.cwd, values['tls-key'])),
        };
  const running = await startRegistry(resolve(io.cwd, positionals[0] ?? ''), {
    port,
    logger: values.log,
    env: io.env,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(tls === undefined ? {} : { tls }),
  });
  io.stderr.write(`mlsec: registry listening on ${running.url}\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  io.stderr.write('mlsec: registry stopped\n');
  return EXIT.ok;
}
