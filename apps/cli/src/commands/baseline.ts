import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { scanPaths } from '@mlsec/scan';
import { choice, parseCommandArgs } from '../args.ts';
import { BASELINE_STATUSES, newSalt, writeBaseline } from '../baseline.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';
import { progressReporter } from '../progress.ts';
import {
  baselineFrom,
  SCAN_SELECTION_HELP,
  SCAN_SELECTION_OPTIONS,
  SCANNERS_HELP,
  scanOptionsFrom,
} from '../scan-options.ts';

export const BASELINE_HELP = `Usage: mlsec baseline create [options] [PATH...]

Scan PATH (default: the current folder) like 'mlsec scan' and record every finding as known, so that
'mlsec scan --baseline FILE' reports only new ones. Each entry holds the finding's fingerprint (rule,
file and, for secrets, an HMAC-SHA-256 of the secret keyed by the baseline's own random salt), its
rule and path, and a status a reviewer can change by editing the file:

  accepted_risk    known and accepted (the default for new entries)
  false_positive   not a secret / not a problem
  rotated          a real secret that has been revoked; kept so history scans stay quiet

Secrets are never written: only their masked form (at most four characters) and salted hash.

Options:
  -o, --output <FILE>               baseline file (default: .mlsec-baseline.json)
      --update                      keep the salt, statuses and reasons of an existing FILE; add new
                                    findings, drop entries no longer found
      --status <STATUS>             status of new entries (default: accepted_risk)
      --reason <TEXT>               reason recorded with new entries
${SCAN_SELECTION_HELP}
  -q, --quiet                       no progress and no summary on stderr
  -h, --help                        show this help

${SCANNERS_HELP}

Exit codes: 0 written; 2 usage, configuration or I/O error (or FILE exists without --update).

Examples:
  mlsec baseline create .                           record today's findings
  mlsec scan --baseline .mlsec-baseline.json .      report only new findings
  mlsec baseline create --update --reason "triaged 2026-11" .
`;

/** `mlsec baseline create`: returns the exit code. */
export async function baselineCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    output: { type: 'string', short: 'o', default: '.mlsec-baseline.json' },
    update: { type: 'boolean', default: false },
    status: { type: 'string', default: 'accepted_risk' },
    reason: { type: 'string' },
    ...SCAN_SELECTION_OPTIONS,
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const [action, ...targets] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(BASELINE_HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (action !== 'create') {
    throw new MlsecError(
      'CLI_USAGE',
      `unknown baseline action ${JSON.stringify(action.slice(0, 40))}`,
    );
  }
  const status = choice('status', values.status, BASELINE_STATUSES);
  const output = resolve(io.cwd, values.output);
  if (existsSync(output) && !values.update) {
    throw new MlsecError(
      'CLI_OUTPUT_FAILED',
      `${values.output} exists; use --update to refresh it or -o to write another file`,
    );
  }
  const previous = values.update && existsSync(output) ? await baselineFrom(output, io) : undefined;
  const salt = previous?.salt ?? newSalt();
  const options = await scanOptionsFrom(values, io, salt);
  const progress = progressReporter(io, !values.quiet);
  let report;
  try {
    report = await scanPaths(targets.length > 0 ? targets : ['.'], {
      ...options,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.end();
  }
  const written = writeBaseline(report.findings, {
    salt,
    status,
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
    ...(previous !== undefined ? { previous } : {}),
  });
  // Written beside the target and renamed, so a failed write never leaves half a baseline.
  const temporary = `${output}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, written.text, { mode: 0o644 });
    await rename(temporary, output);
  } catch (error) {
    throw new MlsecError('CLI_OUTPUT_FAILED', `cannot write ${values.output}`, { cause: error });
  }
  if (!values.quiet) {
    io.stderr.write(
      `mlsec: wrote ${values.output}: ${written.added} new, ${written.kept} kept, ` +
        `${written.dropped} dropped (no longer found)\n`,
    );
  }
  return EXIT.ok;
}
