import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import {
  openConfiguredBlobStore,
  openRegistryDatabase,
  parseVerifierKey,
  readRegistryConfig,
  verifyLedger,
} from '@mlsec/registry';
import type { LedgerReport, OpenedBlobStore } from '@mlsec/registry';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { blobProgress } from '../../progress.ts';

export const AUDIT_HELP = `Usage: mlsec registry audit verify DIR [options]

Verify a registry without trusting its database or its blob store: recompute the Merkle tree from
every log entry (RFC 9162), check each stored leaf hash and subtree hash against it, check every
signed checkpoint (C2SP note) with the log's public key and against the recomputed root, replay the
entries to find any the registry would never have written, compare the tables (namespaces, versions
and their files, aliases, grants, tokens) with the state the log implies, and re-read every blob a
logged version uses from the blob store, re-hashing it. Every edited row, log entry or blob is
named; a changed or missing blob is named by its digest with each NAMESPACE/MODEL@VERSION:PATH that
uses it. Reads the database and blob store named in DIR/registry.json directly (run it where the
server runs, or against a copy; an encrypted store needs its key-encryption key, as serve does).
It writes nothing: a blob folder that is gone is an error, not created anew.

Options:
      --key <VKEY>   the log's public key to trust (default: the one in DIR/registry.json; pass the
                     one you recorded at init to not trust the folder either)
      --no-blobs     skip the blob re-hash (it reads every stored byte, which can take long); the
                     log and the tables are still checked
      --json         print the report as JSON
  -q, --quiet        no progress line on stderr (it only shows on a terminal anyway)
  -h, --help         show this help

Exit codes: 0 the registry verifies; 1 problems found (listed); 2 usage or I/O (the database or
the blob store cannot be read, REGISTRY_BLOB_STORE_FAILED when its folder is gone).

Examples:
  mlsec registry audit verify ./registry
  mlsec registry audit verify ./registry --no-blobs --json
`;

/** `mlsec registry audit verify DIR`. */
export async function auditCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    key: { type: 'string' },
    'no-blobs': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
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
  const blobs: OpenedBlobStore | undefined = values['no-blobs']
    ? undefined
    : // Read only: an audit never creates the folder it is checking.
      await openConfiguredBlobStore(config, dir, io.env, false);
  try {
    const database = await openRegistryDatabase(config.database);
    try {
      const progress = blobProgress(io, !values.quiet);
      let report: LedgerReport;
      try {
        report = await verifyLedger(database.db, {
          verifiers: [key.value],
          origin: config.origin,
          ...(blobs === undefined
            ? {}
            : { blobs: blobs.store, onBlobProgress: (p) => progress.update(p) }),
        });
      } finally {
        progress.end();
      }
      const blobCount =
        blobs === undefined
          ? null
          : new Set(
              [...report.state.versions.values()].flatMap((v) => v.files.map((f) => f.sha256)),
            ).size;
      if (values.json) {
        const { entries, checkpoints, problems } = report;
        io.stdout.write(
          `${JSON.stringify({ entries, checkpoints, blobs: blobCount, problems }, null, 2)}\n`,
        );
      } else {
        for (const p of report.problems)
          io.stdout.write(`${p.where}: ${snippet(p.message, 600)}\n`);
        const checked =
          blobCount === null ? 'blobs not re-hashed (--no-blobs)' : `${blobCount} blobs re-hashed`;
        io.stderr.write(
          `mlsec: ${report.entries} log entries, ${report.checkpoints} checkpoints, ${checked}: ` +
            `${report.problems.length === 0 ? 'the log verifies' : `${report.problems.length} problems`}\n`,
        );
      }
      return report.problems.length === 0 ? EXIT.ok : EXIT.findings;
    } finally {
      await database.close();
    }
  } finally {
    blobs?.close();
  }
}
