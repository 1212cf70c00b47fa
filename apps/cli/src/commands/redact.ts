import { randomBytes } from 'node:crypto';
import { chmod, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { MlsecError, readFileBounded, snippet } from '@mlsec/core';
import { loadSecretsConfig, mlSecretsConfig, REDACT_MAX_BYTES, redactBytes } from '@mlsec/scan';
import type { RedactLocation, RedactResult } from '@mlsec/scan';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';

export const REDACT_HELP = `Usage: mlsec redact [options] FILE

Write a copy of a text file or Jupyter notebook with every secret replaced by [REDACTED:<rule-id>],
using the same rules as 'mlsec scan' (gitleaks rules plus the ML pack, or --secrets-config). No
character of a secret is kept; everything else stays as it was:
  - text files: byte-identical outside the secrets (line endings and encoding kept);
  - notebooks (.ipynb, or JSON that looks like one): secrets are replaced inside the JSON strings
    they sit in (cell sources, stream output, text and JSON outputs, error tracebacks, metadata),
    also when a secret spans several lines of a cell; an output that holds an environment dump
    (!env, %env, os.environ) is replaced by a one-line notice naming the secret-bearing variables;
    key order, indentation and escaping are kept, so the diff shows only the redactions.
The written file is scanned again with the same rules; anything still found is listed.

Options:
  -o, --out <PATH>              where to write (default: FILE with .redacted before its extension,
                                e.g. train.ipynb -> train.redacted.ipynb)
  -i, --in-place                overwrite FILE itself (atomically: temp file + rename)
      --force                   overwrite an existing --out file
      --clear-outputs           notebooks: drop every code cell's outputs and execution counts,
                                as 'jupyter nbconvert --clear-output' does
      --secrets-config <FILE>   gitleaks-format TOML rules instead of the shipped rules
  -q, --quiet                   print nothing unless something could not be redacted
  -h, --help                    show this help

The output keeps FILE's permissions. Files over ${REDACT_MAX_BYTES / 1024 / 1024} MiB and binary files are refused.
Secrets are never printed: the summary names rules, cells and lines only.

Exit codes: 0 written and nothing left for the rules to find; 1 written, but a secret is still found
(its place is printed: rotate it, or redact it by hand); 2 usage or I/O error, refused input, or the
output exists.

Examples:
  mlsec redact notebooks/train.ipynb                  writes notebooks/train.redacted.ipynb
  mlsec redact --clear-outputs --in-place train.ipynb strip outputs and secrets before committing
  mlsec redact -o clean.log --force run.log
  mlsec redact --secrets-config .gitleaks.toml config.yaml
`;

/** `mlsec redact`: returns the exit code. */
export async function redactCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    'in-place': { type: 'boolean', short: 'i', default: false },
    force: { type: 'boolean', default: false },
    'clear-outputs': { type: 'boolean', default: false },
    'secrets-config': { type: 'string' },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(REDACT_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    throw new MlsecError('CLI_USAGE', 'mlsec redact takes exactly one FILE');
  }
  if (values.out !== undefined && values['in-place']) {
    throw new MlsecError('CLI_USAGE', '--out and --in-place cannot be used together');
  }
  const input = resolve(io.cwd, file);
  const target = values['in-place']
    ? input
    : values.out !== undefined
      ? resolve(io.cwd, values.out)
      : defaultOutput(input);
  const config =
    values['secrets-config'] === undefined
      ? mlSecretsConfig()
      : await loadSecretsConfig(resolve(io.cwd, values['secrets-config']));
  const read = await readInput(input, file);
  if (!values['in-place'] && !values.force && (await exists(target))) {
    throw new MlsecError(
      'CLI_REDACT_OUTPUT_EXISTS',
      `${snippet(display(io.cwd, target))} exists; pass --force to overwrite it or --in-place to redact ${snippet(file)} itself`,
    );
  }
  const result = redactBytes(read.bytes, {
    config,
    path: relative(io.cwd, input).split(sep).join('/'),
    clearOutputs: values['clear-outputs'],
  });
  if (result.changed || !values['in-place']) await writeAtomically(target, result.bytes, read.mode);
  if (!values.quiet)
    io.stdout.write(summary(result, display(io.cwd, input), display(io.cwd, target)));
  if (result.remaining.length === 0) return EXIT.ok;
  io.stderr.write(
    `mlsec: ${result.remaining.length} secret(s) still found in ${display(io.cwd, target)} after redaction:\n`,
  );
  for (const left of result.remaining) io.stderr.write(`  ${describe(left)}\n`);
  return EXIT.findings;
}

/** train.ipynb -> train.redacted.ipynb; .env -> .env.redacted; Makefile -> Makefile.redacted. */
export function defaultOutput(input: string): string {
  const { dir, name, ext } = parse(input);
  return join(dir, `${name}.redacted${ext}`);
}

async function readInput(
  path: string,
  shown: string,
): Promise<{ bytes: Uint8Array; mode: number }> {
  let info;
  let file;
  try {
    file = await readFileBounded(path, REDACT_MAX_BYTES, { refuseLarger: true });
    info = file === undefined ? undefined : await stat(path);
  } catch (error) {
    throw new MlsecError('SCAN_READ_FAILED', `cannot read ${snippet(shown)}`, { cause: error });
  }
  if (file === undefined || info === undefined) {
    throw new MlsecError('SCAN_PATH_NOT_FOUND', `${snippet(shown)} is not a file`);
  }
  if (file.truncated) {
    throw new MlsecError(
      'SCAN_REDACT_TOO_LARGE',
      `${snippet(shown)} is ${file.size} bytes, more than the redaction limit of ${REDACT_MAX_BYTES}`,
    );
  }
  return { bytes: file.bytes, mode: info.mode & 0o7777 };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Write beside the target and rename over it, so a reader never sees half a file. */
async function writeAtomically(target: string, bytes: Uint8Array, mode: number): Promise<void> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, bytes, { flag: 'wx', mode });
    await chmod(temp, mode); // the umask narrowed the mode given at creation
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new MlsecError('CLI_OUTPUT_FAILED', `cannot write ${snippet(target)}`, { cause: error });
  }
}

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

function describe(at: RedactLocation): string {
  const where: string[] = [];
  if (at.cell !== undefined) {
    where.push(`cell ${at.cell}${at.cellId === undefined ? '' : ` (${snippet(at.cellId, 40)})`}`);
  }
  if (at.part === 'output' && at.output !== undefined) where.push(`output ${at.output}`);
  else if (at.part === 'raw') where.push('raw JSON');
  else if (at.part !== undefined) where.push(at.part);
  where.push(`line ${at.line} column ${at.column}`);
  return `${at.ruleId}: ${where.join(', ')}`;
}

function summary(result: RedactResult, input: string, output: string): string {
  const lines = [`${input} -> ${output} (${result.kind})`];
  const perRule = new Map<string, number>();
  for (const r of result.redactions) perRule.set(r.ruleId, (perRule.get(r.ruleId) ?? 0) + 1);
  lines.push(
    result.redactions.length === 0
      ? '  no secret found'
      : `  ${result.redactions.length} secret(s) redacted: ${[...perRule]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([rule, n]) => `${rule} ${n}`)
          .join(', ')}`,
  );
  for (const r of result.redactions) lines.push(`    ${describe(r)}`);
  if (result.kind === 'notebook') {
    lines.push(
      `  cells touched ${result.cellsTouched}, outputs touched ${result.outputsTouched}, environment dumps replaced ${result.environmentDumps}, outputs cleared ${result.outputsCleared}`,
    );
  }
  if (!result.changed) lines.push('  nothing changed');
  lines.push(
    result.remaining.length === 0
      ? '  re-scan of the written file: nothing found'
      : `  re-scan of the written file: ${result.remaining.length} still found (see stderr)`,
  );
  return `${lines.join('\n')}\n`;
}
