import { severityRank } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import type { RuleDef, ScanReport } from '@mlsec/scan';
import { isOffset, isPosition, memberChain } from './location.ts';
import { SARIF_LEVEL, sarifRule, unknownRule } from './sarif-rules.ts';
import type { SarifLog, SarifRegion, SarifResult, SarifRun } from './sarif-types.ts';
import { artifactLocation, rootUri, SRCROOT } from './sarif-uri.ts';
import { compareIds, safeText } from './text.ts';

/** The `$schema` of every log: the OASIS schema the tests validate against (errata01). */
export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** `tool.driver.informationUri` unless the caller gives one. */
export const MLSEC_INFORMATION_URI = 'https://github.com/mlsec/mlsec';

/** partialFingerprints key of the finding fingerprint; `/v1` changes if fingerprintOf ever does. */
export const FINGERPRINT_KEY = 'mlsecFingerprint/v1';

/** GitHub code scanning rejects a run with more results than this. */
export const GITHUB_MAX_RESULTS = 25_000;

/** Options of `renderSarif`. Paths in the report are already relative to the working directory. */
export interface SarifOptions {
  /** Project page for `tool.driver.informationUri`; defaults to `MLSEC_INFORMATION_URI`. */
  readonly informationUri?: string;
  /**
   * Absolute folder `%SRCROOT%` stands for (normally the working directory). When given, the run
   * records it in `originalUriBaseIds`; by default the log names no machine-specific path.
   */
  readonly srcRoot?: string;
  /** Most results to write, most severe kept; defaults to GitHub's limit of 25,000. */
  readonly maxResults?: number;
}

/** `%SRCROOT%`-relative region: lines and columns when known, else the byte offset in a binary file. */
function region(finding: Finding): SarifRegion | undefined {
  const { line, column, offset, cell } = finding.location;
  // In a notebook, line and column count within the cell, not the .ipynb file: the message says them.
  if (cell !== undefined) return undefined;
  if (isPosition(line))
    return { startLine: line, ...(isPosition(column) ? { startColumn: column } : {}) };
  if (isOffset(offset)) return { byteOffset: offset };
  return undefined;
}

/**
 * The message GitHub shows as the alert title: the finding's sentence (control characters escaped)
 * with what the location cannot say on GitHub added before its full stop: the member chain inside the
 * file, the JSON pointer, the notebook cell, and the byte offset (GitHub shows no binary regions).
 */
function messageText(finding: Finding): string {
  const { member, pointer, cell, line, offset } = finding.location;
  const where: string[] = [];
  if (member !== undefined && member.length > 0) where.push(`in ${memberChain(finding.location)}`);
  if (pointer !== undefined) where.push(`at ${safeText(pointer)}`);
  if (cell !== undefined)
    where.push(isPosition(line) ? `cell ${cell} line ${line}` : `cell ${cell}`);
  if (!isPosition(line) && isOffset(offset)) where.push(`at byte ${offset}`);
  const sentence = safeText(finding.message).trim() || finding.ruleId;
  const stem = sentence.endsWith('.') && where.length > 0 ? sentence.slice(0, -1) : sentence;
  return noEmbeddedLinks(where.length === 0 ? stem : `${stem} (${where.join(', ')}).`);
}

/**
 * SARIF plain-text messages turn `[text](destination)` into a link (§3.11.6), and GitHub renders it. An
 * artifact must not be able to plant a link in an alert, so when the text contains `](` every bracket
 * and backslash is backslash-escaped, as the standard allows for literal brackets.
 */
function noEmbeddedLinks(text: string): string {
  return text.includes('](') ? text.replace(/[[\]\\]/g, (ch) => `\\${ch}`) : text;
}

function result(finding: Finding, ruleIndex: number): SarifResult {
  const { member, offset, cell, pointer } = finding.location;
  const where = region(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: messageText(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.location.path),
          ...(where !== undefined ? { region: where } : {}),
        },
      },
    ],
    partialFingerprints: {
      [FINGERPRINT_KEY]: finding.fingerprint,
      // GitHub matches alerts across runs by this key only; without it upload-sarif derives one from
      // the text around the region, which means nothing in a binary model. The finding fingerprint is
      // already stable across runs (rule, path, members, key evidence; never the offset).
      primaryLocationLineHash: finding.fingerprint,
    },
    // Raw values (JSON escapes them) so tools can match exact member names and evidence.
    properties: {
      severity: finding.severity,
      ...(member !== undefined && member.length > 0 ? { member: [...member] } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(cell !== undefined ? { cell } : {}),
      ...(pointer !== undefined ? { pointer } : {}),
      ...(finding.evidence !== undefined ? { evidence: { ...finding.evidence } } : {}),
      ...(finding.atlas !== undefined ? { atlas: [...finding.atlas] } : {}),
      ...(finding.cwe !== undefined ? { cwe: [...finding.cwe] } : {}),
    },
  };
}

/**
 * The report's rules, one per id, plus stand-ins for ids a finding uses but the report omits; sorted by
 * id, because the scan lists rules in the order workers happened to report them.
 */
function catalogue(report: ScanReport): RuleDef[] {
  const byId = new Map<string, RuleDef>();
  for (const rule of report.rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  for (const finding of report.findings) {
    if (!byId.has(finding.ruleId))
      byId.set(finding.ruleId, unknownRule(finding.ruleId, finding.severity));
  }
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}

/** The `max` most severe findings, in report order within a severity. */
function mostSevere(findings: readonly Finding[], max: number): readonly Finding[] {
  if (findings.length <= max) return findings;
  return [...findings]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, max);
}

/** An invocation's toolExecutionNotifications: tells the reader that results were dropped, and why. */
function truncationNotice(omitted: number, max: number): Pick<SarifRun, 'invocations'> {
  const what = omitted === 1 ? '1 less severe finding was' : `${omitted} less severe findings were`;
  const text = `${what} left out to stay within ${max} results; use --format json to see all.`;
  return {
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'warning', message: { text } }],
      },
    ],
  };
}

/**
 * Render a report as a SARIF 2.1.0 log with one run, shaped for GitHub code scanning: rules with
 * `security-severity` and tags, one result per finding with its level, a `%SRCROOT%`-relative location
 * and the finding fingerprint. The output is deterministic (no timestamps, durations or absolute paths
 * unless `srcRoot` is given), so the same tree gives byte-identical logs.
 * @example writeFileSync('mlsec.sarif', renderSarif(report)); // then github/codeql-action/upload-sarif
 */
export function renderSarif(report: ScanReport, options: SarifOptions = {}): string {
  const rules = catalogue(report);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const max = Math.max(0, Math.floor(options.maxResults ?? GITHUB_MAX_RESULTS));
  const kept = mostSevere(report.findings, max);
  const omitted = report.findings.length - kept.length;
  const results = kept.map((finding) => result(finding, index.get(finding.ruleId) ?? 0));
  const hasColumns = results.some(
    (r) => r.locations[0].physicalLocation.region?.startColumn !== undefined,
  );
  const { files, bytes, artifacts } = report.stats;
  const run: SarifRun = {
    tool: {
      driver: {
        name: 'mlsec',
        version: report.tool.version,
        informationUri: options.informationUri ?? MLSEC_INFORMATION_URI,
        rules: rules.map(sarifRule),
      },
    },
    ...(options.srcRoot !== undefined
      ? { originalUriBaseIds: { [SRCROOT]: { uri: rootUri(options.srcRoot) } } }
      : {}),
    ...(omitted > 0 ? truncationNotice(omitted, max) : {}),
    // Columns come from JavaScript string positions, i.e. UTF-16 code units (SARIF run.columnKind).
    ...(hasColumns ? { columnKind: 'utf16CodeUnits' } : {}),
    results,
    // Counts only: a duration would make identical scans produce different logs.
    properties: {
      targets: [...report.targets],
      files,
      bytes,
      artifacts,
      ...(omitted > 0 ? { omittedResults: omitted } : {}),
      ...(report.advisories !== undefined
        ? {
            advisories: {
              snapshotDate: report.advisories.snapshotDate,
              source: report.advisories.source,
            },
          }
        : {}),
    },
  };
  const log: SarifLog = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
