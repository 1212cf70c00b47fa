import type { Evidence, Finding, Location } from '@mlsec/core';
import type { RuleDef, ScanReport } from '@mlsec/scan';
import { compareIds } from './text.ts';

/**
 * `mlsec scan --format json`, version 1. Stable: fields are only ever added; removing or changing one
 * bumps `version`. It is also the `--baseline` input: a finding whose `fingerprint` is in the baseline is
 * not new. Absent optional fields are omitted (never `null`); strings are exactly as the scanner produced
 * them (JSON escapes control characters; nothing else is changed); non-finite numbers become `null`.
 */
export interface JsonReport {
  /** Format version of this document. */
  readonly version: 1;
  /** The scanner that wrote it. */
  readonly tool: { readonly name: 'mlsec'; readonly version: string };
  /** The paths given to the scan, as typed. */
  readonly targets: readonly string[];
  /** Files on disk, their total size in bytes, artifacts including archive members, and wall time. */
  readonly stats: {
    readonly files: number;
    readonly bytes: number;
    readonly artifacts: number;
    readonly durationMs: number;
    /** Files and folders left out by --exclude (absent when none). */
    readonly excluded?: number;
  };
  /**
   * Every finding, most severe first: `ruleId`, `severity`, `message`, `location` (`path` relative to the
   * working directory with '/' separators; `member` chain inside archives, outermost first; `offset`,
   * `line`, `column`, `cell`, `pointer` when known), `evidence` (keys sorted), `atlas`, `cwe`, and the
   * `fingerprint` that baselines and SARIF use to recognise the same finding across runs.
   */
  readonly findings: readonly Finding[];
  /** The catalogue entry of every rule that produced a finding, sorted by id (docs/rules.md has all). */
  readonly rules: readonly RuleDef[];
  /** The advisory database dependency checks used: OSV snapshot date and 'bundled' or its file. */
  readonly advisories?: { readonly snapshotDate: string; readonly source: string };
  /** With --baseline: findings suppressed (in all and per status) and entries no longer found. */
  readonly baseline?: ScanReport['baseline'];
}

/** Copy with a fixed key order, so the output does not depend on how the scanner built its objects. */
function location(value: Location): Location {
  return {
    path: value.path,
    ...(value.member !== undefined ? { member: [...value.member] } : {}),
    ...(value.offset !== undefined ? { offset: value.offset } : {}),
    ...(value.line !== undefined ? { line: value.line } : {}),
    ...(value.column !== undefined ? { column: value.column } : {}),
    ...(value.cell !== undefined ? { cell: value.cell } : {}),
    ...(value.pointer !== undefined ? { pointer: value.pointer } : {}),
  };
}

/** Evidence with sorted keys. Object.fromEntries defines own properties, so a `__proto__` key stays data. */
function evidence(value: Evidence): Evidence {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareIds(a, b)));
}

function finding(value: Finding): Finding {
  return {
    ruleId: value.ruleId,
    severity: value.severity,
    message: value.message,
    location: location(value.location),
    ...(value.evidence !== undefined ? { evidence: evidence(value.evidence) } : {}),
    ...(value.atlas !== undefined ? { atlas: [...value.atlas] } : {}),
    ...(value.cwe !== undefined ? { cwe: [...value.cwe] } : {}),
    fingerprint: value.fingerprint,
  };
}

function rule(value: RuleDef): RuleDef {
  return {
    id: value.id,
    severity: value.severity,
    title: value.title,
    description: value.description,
    fix: value.fix,
    atlas: [...value.atlas],
    ...(value.cwe !== undefined ? { cwe: [...value.cwe] } : {}),
    ...(value.tags !== undefined ? { tags: [...value.tags] } : {}),
  };
}

/** The JSON document for a report (see `JsonReport`), before serialisation. */
export function toJsonReport(report: ScanReport): JsonReport {
  const { files, bytes, artifacts, durationMs, excluded } = report.stats;
  return {
    version: 1,
    tool: { name: report.tool.name, version: report.tool.version },
    targets: [...report.targets],
    stats: { files, bytes, artifacts, durationMs, ...(excluded !== undefined ? { excluded } : {}) },
    findings: report.findings.map(finding),
    rules: [...report.rules].sort((a, b) => compareIds(a.id, b.id)).map(rule),
    ...(report.advisories !== undefined
      ? {
          advisories: {
            snapshotDate: report.advisories.snapshotDate,
            source: report.advisories.source,
          },
        }
      : {}),
    ...(report.baseline !== undefined
      ? {
          baseline: {
            suppressed: report.baseline.suppressed,
            byStatus: Object.fromEntries(
              Object.entries(report.baseline.byStatus).sort(([a], [b]) => compareIds(a, b)),
            ),
            stale: report.baseline.stale,
          },
        }
      : {}),
  };
}

/**
 * Render a report as pretty-printed, newline-terminated JSON (`JsonReport`, version 1).
 * @example writeFileSync('mlsec.json', renderJson(report)); // later: mlsec scan --baseline mlsec.json
 */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
