import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isAtLeast, makeLimits, MlsecError } from '@mlsec/core';
import type { Severity } from '@mlsec/core';
import { loadPolicy, scanPaths } from '@mlsec/scan';
import type { PolicyOptions, ScanReport } from '@mlsec/scan';
import { choice, parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';
import { progressReporter } from '../progress.ts';
import { applyBaseline, loadBaseline } from '../baseline.ts';
import { advisoriesInit } from '../advisories-db.ts';
import { renderJson, renderSarif, renderTable } from '../render/index.ts';

export const SCAN_HELP = `Usage: mlsec scan [options] [PATH...]

Scan model files, archives and folders for code execution and unsafe artifacts, without ever
loading or executing them. Each file is identified by its content, never its extension: pickle
(incl. PyTorch, joblib, dill, cloudpickle, NumPy object arrays), PyTorch zip/legacy/TorchScript,
Keras .h5/.keras, ONNX, SafeTensors, GGUF, zip/tar/gzip/bz2/xz archives (nested), and Hugging Face
repository folders. PATH defaults to the current folder.

Options:
  -f, --format <table|json|sarif>   report format (default: table)
  -o, --output <FILE>               write the report to FILE instead of stdout
      --fail-on <critical|high|medium|low|none>
                                    exit 1 when a finding is at or above this severity (default: high)
      --policy <FILE>               JSON/YAML policy extending the allow and deny lists (docs/policy.md)
      --secrets-config <FILE>       gitleaks-format TOML rules instead of the shipped gitleaks + ML rules;
                                    add \`[extend] useDefault = true\` to build on the shipped ones
      --advisories <FILE>           advisory database written by 'mlsec advisories update'
      --baseline <FILE>             a JSON report from an earlier scan: its findings are not reported again
  -j, --jobs <N>                    worker threads (default: 1, or up to 4 when the scan holds several
                                    files over 8 MB)
      --only <NAMES>                run only these scanners, comma-separated (see below)
      --skip <NAMES>                do not run these scanners
      --max-depth <N>               deepest archive/compression nesting scanned (default: 8)
  -q, --quiet                       no progress and no 'wrote …' line on stderr
      --no-progress                 no progress line on stderr (it only shows on a terminal anyway)
  -h, --help                        show this help

Scanners for --only/--skip: groups artifacts, archives, pickle, keras, hf, or single detectors
(zip, tar, compressed, pickle-probe, keras-hdf5, json-config, numpy, safetensors, gguf, onnx,
hf-repo). Skipping archives also skips what is inside them.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, configuration or I/O
error. A malformed artifact is a finding, not exit 2.

Examples:
  mlsec scan ./models                         table of findings, exit 1 on high or critical
  mlsec scan -f sarif -o mlsec.sarif .        SARIF 2.1.0 for GitHub code scanning
  mlsec scan --fail-on critical model.pt      gate only on critical findings
  mlsec scan -f json -o baseline.json . && mlsec scan --baseline baseline.json .
`;

const FORMATS = ['table', 'json', 'sarif'] as const;
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;

async function readConfig(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = what === 'policy' ? 'SCAN_POLICY_INVALID' : 'SCAN_BASELINE_INVALID';
    throw new MlsecError(code, `cannot read --${what} file ${path}`, { cause: error });
  }
}

async function policyFrom(path: string | undefined): Promise<PolicyOptions> {
  if (path === undefined) return {};
  const loaded = loadPolicy(await readConfig(path, 'policy'));
  if (!loaded.ok) throw new MlsecError('SCAN_POLICY_INVALID', `${path}: ${loaded.error}`);
  return loaded.options;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Render a report in the chosen format. */
function render(
  report: ScanReport,
  format: (typeof FORMATS)[number],
  io: CommandIo,
  toFile: boolean,
): string {
  if (format === 'json') return renderJson(report);
  if (format === 'sarif') return renderSarif(report);
  const color = !toFile && io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined;
  return renderTable(report, { color, width: toFile ? 120 : (io.stdout.columns ?? 120) });
}

/** `mlsec scan`: returns the exit code. */
export async function scanCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', short: 'f', default: 'table' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string', default: 'high' },
    policy: { type: 'string' },
    'secrets-config': { type: 'string' },
    advisories: { type: 'string' },
    baseline: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    'max-depth': { type: 'string' },
    only: { type: 'string' },
    skip: { type: 'string' },
    quiet: { type: 'boolean', short: 'q', default: false },
    'no-progress': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return EXIT.ok;
  }
  const format = choice('format', values.format, FORMATS);
  const failOn = choice('fail-on', values['fail-on'], FAIL_ON);
  const jobs = values.jobs === undefined ? undefined : positiveInt('jobs', values.jobs);
  const limits = makeLimits(
    values['max-depth'] === undefined
      ? {}
      : { maxDepth: positiveInt('max-depth', values['max-depth']) },
  );
  const policy = await policyFrom(values.policy);
  const baseline =
    values.baseline === undefined
      ? undefined
      : loadBaseline(await readConfig(values.baseline, 'baseline'));

  const progress = progressReporter(io, !values.quiet && !values['no-progress']);
  let report: ScanReport;
  try {
    report = await scanPaths(positionals.length > 0 ? positionals : ['.'], {
      cwd: io.cwd,
      limits,
      policy,
      settings: {
        ...(values['secrets-config'] !== undefined
          ? { secrets: { configFile: resolve(io.cwd, values['secrets-config']) } }
          : {}),
        advisories: advisoriesInit(values.advisories, io),
      },
      ...(jobs !== undefined ? { jobs } : {}),
      ...(values.only !== undefined ? { only: list(values.only) } : {}),
      ...(values.skip !== undefined ? { skip: list(values.skip) } : {}),
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.end();
  }
  if (baseline) report = applyBaseline(report, baseline);

  const text = render(report, format, io, values.output !== undefined);
  if (values.output !== undefined) {
    try {
      await writeFile(values.output, text);
    } catch (error) {
      throw new MlsecError('CLI_OUTPUT_FAILED', `cannot write ${values.output}`, { cause: error });
    }
    if (!values.quiet)
      io.stderr.write(
        `mlsec: wrote ${format} report (${report.findings.length} findings) to ${values.output}\n`,
      );
  } else {
    io.stdout.write(text);
  }
  if (failOn === 'none') return EXIT.ok;
  const threshold: Severity = failOn;
  return report.findings.some((f) => isAtLeast(f.severity, threshold)) ? EXIT.findings : EXIT.ok;
}
