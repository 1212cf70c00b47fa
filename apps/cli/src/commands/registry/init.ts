import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { initDataDir } from '@mlsec/registry';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';

export const INIT_HELP = `Usage: mlsec registry init DIR --admin NAME [options]

Create a registry in DIR (made private, 0700): its transparency-log signing key (DIR/log.key, 0600),
DIR/registry.json, the database with its schema, and the first admin. The admin's API token is
printed once, on stdout: store it now (it is kept only as a SHA-256). There are no default
credentials; every other principal and token is created by an admin through the API.

Options:
      --admin <NAME>       the first admin's principal name (required)
      --database <URL>     postgres://user@host/db for scale-out (default: SQLite in DIR)
      --origin <TEXT>      the log's identity in its checkpoints (default mlsec-registry/<DIR name>)
  -h, --help               show this help

Exit codes: 0 created; 2 usage, DIR already holds a registry (REGISTRY_ALREADY_INITIALISED), I/O.

Example:
  mlsec registry init ./registry --admin ada > admin.token
`;

/** `mlsec registry init`. */
export async function initCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    admin: { type: 'string' },
    database: { type: 'string' },
    origin: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(INIT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new MlsecError('CLI_USAGE', 'give exactly one DIR');
  if (values.admin === undefined)
    throw new MlsecError('CLI_USAGE', '--admin NAME is required (no default admin)');
  const dir = resolve(io.cwd, positionals[0] ?? '');
  const result = await initDataDir(dir, {
    adminName: values.admin,
    ...(values.database === undefined ? {} : { database: values.database }),
    ...(values.origin === undefined ? {} : { origin: values.origin }),
  });
  io.stdout.write(`${result.adminToken}\n`);
  io.stderr.write(
    `mlsec: created the registry in ${dir} (log origin ${result.config.origin}); the admin token above ` +
      `expires ${new Date(result.expiresAt).toISOString()} and is not shown again.\n` +
      `mlsec: log verifier key: ${result.config.verifierKey}\n`,
  );
  return EXIT.ok;
}
