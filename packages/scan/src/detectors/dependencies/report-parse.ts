import { snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { DepsFileKind } from './file-kind.ts';
import type { DepsReport, LoadedFile } from './loaded-file.ts';

const LABEL: Readonly<Record<DepsFileKind, string>> = {
  requirements: 'requirements file',
  constraints: 'constraints file',
  'pip-freeze': 'pip freeze output',
  pyproject: 'pyproject.toml',
  'poetry-lock': 'poetry.lock',
  'uv-lock': 'uv.lock',
  'pipfile-lock': 'Pipfile.lock',
  'conda-env': 'conda environment file',
};

/** How a dependency file is named in messages. */
export function kindLabel(kind: DepsFileKind): string {
  return LABEL[kind];
}

/** `line 12: …` at the start of a python-deps issue message. */
function lineOf(issue: FormatIssue): number | undefined {
  const match = /^line (\d{1,9}):/.exec(issue.message);
  const line = match ? Number(match[1]) : 0;
  return line > 0 ? line : undefined;
}

/**
 * Parse issues as findings: a fatal one (other than an empty file, which lists nothing) makes the file
 * deps/unparseable; the others are entries that were skipped (deps/entry-skipped; unknown pip options
 * as info, since pip's own options list grows).
 */
export function reportParseIssues(file: LoadedFile, reports: DepsReport[]): void {
  const label = kindLabel(file.kind);
  for (const issue of file.result.issues) {
    if (issue.code === 'PYDEPS_EMPTY') continue;
    const line = lineOf(issue);
    const at = line !== undefined ? { line } : {};
    const why = snippet(issue.message, 200);
    if (issue.fatal === true) {
      reports.push({
        path: file.path,
        input: {
          ruleId: 'deps/unparseable',
          message: `The ${label} could not be parsed, so none of its packages were checked: ${why}.`,
          evidence: { code: issue.code, kind: file.kind },
          key: [issue.code],
          ...at,
        },
      });
      continue;
    }
    reports.push({
      path: file.path,
      input: {
        ruleId: 'deps/entry-skipped',
        message: `An entry of the ${label} was skipped and not checked: ${why}.`,
        evidence: { code: issue.code, kind: file.kind },
        key: [issue.code, issue.message.replace(/^line \d+: /, '')],
        ...(issue.code === 'PYDEPS_UNKNOWN_OPTION' ? { severity: 'info' as const } : {}),
        ...at,
      },
    });
  }
}
