import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import {
  openRegistryDatabase,
  parseVerifierKey,
  readRegistryConfig,
  verifyLedger,
} from '@mlsec/registry';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';

export const AUDIT_HELP = `Usage: mlsec registry audit verify DIR [options]

Verify a registry's transparency log without trusting its database: recompute the Merkle tree from
every log entry (RFC 9162), check each stored leaf hash and subtree hash against it, check every
signed checkpoint (C2SP note) with the log's public key and against the recomputed root, and replay
the entries to find any the registry would never have written. Any row edited behind the server's
back is named. Reads the database named in DIR/registry.json directly (run it where the server runs,
or against a copy).

Options:
      --key <VKEY>   the log's public key to trust (default: the one in DIR/registry.json; pass the
                     one you recorded at init to not trust the folder either)
      --json         print the report as JSON
  -h, --help         show this help

Exit codes: 0 the log verifies; 1 problems found (listed); 2 usage or I/O.

Example:
  mlsec registry audit verify ./registry
`;

/** `mlsec registry audit verify DIR`. */
export async function auditCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    key: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(AUDIT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2 || positionals[0] !== 'verify') {
    throw new MlsecError('CLI_USAGE', 'give: verify DIR');
  }
  const dir = resolve(io.cwd, positionals[1] ?? '');
  const config = await readRegistryConfig(dir);
  const key = parseVerifierKey(values.key ?? config.verifierKey);
  if (!key.ok) throw new MlsecError('CLI_USAGE', `--key: ${key.message}`);
  const database = await openRegistryDatabase(config.database);
  try {
    const report = await verifyLedger(database.db, {
      verifiers: [key.value],
      origin: config.origin,
    });
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ entries: report.entries, checkpoints: report.checkpoints, problems: report.problems }, null, 2)}\n`,
      );
    } else {
      for (const p of report.problems) io.stdout.write(`${p.where}: ${snippet(p.message, 300)}\n`);
      io.stderr.write(
        `mlsec: ${report.entries} log entries, ${report.checkpoints} checkpoints: ` +
          `${report.problems.length === 0 ? 'the log verifies' : `${report.problems.length} problems`}\n`,
      );
    }
    return report.problems.length === 0 ? EXIT.ok : EXIT.findings;
  } finally {
    await database.close();
  }
}
