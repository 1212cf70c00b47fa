import { SEVERITIES } from '@mlsec/core';
import type { Finding, Severity } from '@mlsec/core';
import type { ScanReport } from '@mlsec/scan';
import { paint, paintSeverity, STYLE } from './ansi.ts';
import { displayWidth, safeText, wrap } from './text.ts';

/** Findings per severity, every severity present (zero when none). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** `1 file`, `3 files`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Decimal (SI) sizes, as file managers show them: 999 B, 1.5 kB, 3.4 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes) || 0)} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'] as const;
  let value = bytes;
  let unit: string = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toString()} ${unit}`;
}

/** 850 ms, 1.2 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return `${Math.max(0, Math.round(ms) || 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Join words into lines of at most `width` columns, colouring severity counts after measuring. */
function fitParts(
  parts: readonly { readonly text: string; readonly severity?: Severity }[],
  width: number,
  color: boolean,
): string[] {
  const lines: string[] = [];
  let plain = '';
  let painted = '';
  for (const part of parts) {
    const text = part.severity ? paintSeverity(part.text, part.severity, color) : part.text;
    if (plain !== '' && displayWidth(`${plain} ${part.text}`) > width) {
      lines.push(painted);
      plain = '';
      painted = '';
    }
    plain = plain === '' ? part.text : `${plain} ${part.text}`;
    painted = painted === '' ? text : `${painted} ${text}`;
  }
  lines.push(painted);
  return lines;
}

/** `3 known findings suppressed by the baseline (2 accepted_risk, 1 rotated); 1 entry no longer found.` */
function baselineNote(report: ScanReport): string[] {
  const b = report.baseline;
  if (b === undefined) return [];
  const statuses = Object.entries(b.byStatus)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([status, n]) => `${n} ${status}`);
  const stale =
    b.stale > 0
      ? `; ${b.stale === 1 ? '1 baseline entry' : `${b.stale} baseline entries`} no longer found`
      : '';
  return [
    `${plural(b.suppressed, 'known finding')} suppressed by the baseline` +
      `${statuses.length > 0 ? ` (${statuses.join(', ')})` : ''}${stale}.`,
  ];
}

/** `Dependency advisories: OSV snapshot of 2026-07-23 (shipped with mlsec).` when deps were checked. */
function advisoriesNote(report: ScanReport): string[] {
  const a = report.advisories;
  if (a === undefined) return [];
  const source = a.source === 'bundled' ? 'shipped with mlsec' : `from ${safeText(a.source)}`;
  return [`Dependency advisories: OSV snapshot of ${safeText(a.snapshotDate)} (${source}).`];
}

/**
 * The closing lines of the table: findings per severity (or a friendly "No findings."), then what was
 * scanned and how long it took. `root`, when given, names the folder the paths are relative to.
 */
export function summaryLines(
  report: ScanReport,
  color: boolean,
  width: number,
  root?: string,
): string[] {
  const counts = countBySeverity(report.findings);
  const present = SEVERITIES.filter((severity) => counts[severity] > 0);
  const first =
    report.findings.length === 0
      ? [paint('No findings.', STYLE.green, color)]
      : fitParts(
          [
            { text: `${plural(report.findings.length, 'finding')}:` },
            ...present.map((severity, i) => ({
              text: `${counts[severity]} ${severity}${i < present.length - 1 ? ',' : ''}`,
              severity,
            })),
          ],
          width,
          color,
        );
  const { files, bytes, artifacts, durationMs } = report.stats;
  const where = root === undefined ? '' : ` under ${safeText(root)}`;
  const left = report.stats.excluded ? `; ${report.stats.excluded} left out by --exclude` : '';
  const scanned =
    `Scanned ${plural(files, 'file')}${where} (${formatBytes(bytes)}, ` +
    `${plural(artifacts, 'artifact')}) in ${formatDuration(durationMs)}${left}.`;
  const notes = [scanned, ...baselineNote(report), ...advisoriesNote(report)];
  return [
    ...first,
    ...notes.flatMap((note) => wrap(note, width)).map((l) => paint(l, STYLE.dim, color)),
  ];
}
