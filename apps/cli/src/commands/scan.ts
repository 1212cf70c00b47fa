import { writeFile } from 'node:fs/promises';
import { isAtLeast, MlsecError } from '@mlsec/core';
import type { Severity } from '@mlsec/core';
import { scanPaths } from '@mlsec/scan';
import type { ScanReport } from '@mlsec/scan';
import { choice, parseCommandArgs } from '../args.ts';
import { applyBaseline } from '../baseline.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';
import { progressReporter } from '../progress.ts';
import { renderJson, renderSarif, renderTable } from '../render/index.ts';
import { GIT_HELP, GIT_OPTIONS, withGitHistory } from '../scan-git.ts';
import {
  baselineFrom,
  SCAN_SELECTION_HELP,
  SCAN_SELECTION_OPTIONS,
  SCANNERS_HELP,
  scanOptionsFrom,
} from '../scan-options.ts';

export const SCAN_HELP = `Usage: mlsec scan [options] [PATH...]

Scan an ML repository or model files for code execution in artifacts, leaked secrets, vulnerable ML
packages and unsafe MLOps settings, without ever loading or executing anything. Each file is identified
by its content, never its extension: pickle (incl. PyTorch, joblib, dill, cloudpickle, NumPy object
arrays), PyTorch zip/legacy/TorchScript, Keras .h5/.keras, ONNX, SafeTensors, GGUF, zip/tar/gzip/bz2/xz
archives (nested) and Hugging Face repository folders; text files and notebooks (cell by cell, outputs
included) for secrets with gitleaks-format rules plus an ML rule pack; requirements, pyproject, lock
files and conda environments against OSV advisories; MLflow, Jupyter, Ray, Kubernetes/Kubeflow and
Dockerfile settings. PATH defaults to the current folder.

Options:
  -f, --format <table|json|sarif>   report format (default: table)
  -o, --output <FILE>               write the report to FILE instead of stdout
      --fail-on <critical|high|medium|low|none>
                                    exit 1 when a finding is at or above this severity (default: high)
      --baseline <FILE>             known findings not to report again: a file written by 'mlsec baseline
                                    create' (its salt keys the secret hashes), or an earlier JSON report
${SCAN_SELECTION_HELP}
${GIT_HELP}
  -q, --quiet                       no progress and no 'wrote …' line on stderr
      --no-progress                 no progress line on stderr (it only shows on a terminal anyway)
  -h, --help                        show this help

${SCANNERS_HELP}

Secrets are never printed: findings show at most four characters and an HMAC-SHA-256 of the secret.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, configuration or I/O
error. A malformed artifact is a finding, not exit 2.

Examples:
  mlsec scan .                                table of findings, exit 1 on high or critical
  mlsec scan -f sarif -o mlsec.sarif .        SARIF 2.1.0 for GitHub code scanning
  mlsec scan --only secrets notebooks/        secrets only
  mlsec scan --git-range origin/main..HEAD .  secrets in the branch's commits too
  mlsec scan --fail-on critical model.pt      gate only on critical findings
  mlsec baseline create . && mlsec scan --baseline .mlsec-baseline.json .
`;

const FORMATS = ['table', 'json', 'sarif'] as const;
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;

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
    baseline: { type: 'string' },
    ...SCAN_SELECTION_OPTIONS,
    ...GIT_OPTIONS,
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
  const baseline = await baselineFrom(values.baseline, io);
  const options = await scanOptionsFrom(values, io, baseline?.salt);

  const progress = progressReporter(io, !values.quiet && !values['no-progress']);
  const paths = positionals.length > 0 ? positionals : ['.'];
  let report: ScanReport;
  try {
    report = await scanPaths(paths, {
      ...options,
      onProgress: (p) => progress.update(p),
    });
    report = await withGitHistory(report, paths, values, options, (p) => progress.update(p));
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
