import { severityRank } from '@mlsec/core';
import type { Evidence, Finding, Severity } from '@mlsec/core';
import type { ScanReport } from '@mlsec/scan';
import { paint, paintSeverity, STYLE } from './ansi.ts';
import { formatLocation } from './location.ts';
import { summaryLines } from './summary.ts';
import { displayWidth, safeText, truncate, wrap } from './text.ts';

/** How `renderTable` lays out its output. */
export interface TableOptions {
  /** Colour severities with ANSI SGR sequences (only when writing to a terminal). */
  readonly color: boolean;
  /** Terminal width in columns; no line is wider (values below 40 are treated as 40). */
  readonly width: number;
  /** The folder paths are relative to, named in the summary (e.g. the working directory). */
  readonly root?: string;
}

const GAP = '  ';
const SEVERITY_WIDTH = 8; // 'critical', 'SEVERITY'
const MIN_WIDTH = 40;
/** Below this many columns for location + message, the table becomes one block per finding. */
const MIN_TABLE_SPACE = 60;
const MAX_LINES = { rule: 2, location: 4, message: 6 } as const;

/** One finding, already escaped for the terminal. */
interface Row {
  readonly severity: Severity;
  readonly rule: string;
  readonly location: string;
  readonly message: string;
  readonly evidence: string;
}

interface Columns {
  readonly rule: number;
  readonly location: number;
  readonly message: number;
}

/** `global=posix.system opcode=REDUCE`: every evidence field, escaped, on one line. */
function formatEvidence(evidence: Evidence | undefined): string {
  return Object.entries(evidence ?? {})
    .map(([name, value]) => `${safeText(name)}=${safeText(String(value))}`)
    .join(' ');
}

function toRow(finding: Finding): Row {
  return {
    severity: finding.severity,
    rule: safeText(finding.ruleId),
    location: formatLocation(finding.location),
    message: safeText(finding.message),
    evidence: formatEvidence(finding.evidence),
  };
}

/** Column widths for `width`, or undefined when a table would be too cramped to read. */
function columnsFor(rows: readonly Row[], width: number): Columns | undefined {
  const widest = (pick: (row: Row) => string, title: string): number =>
    rows.reduce((max, row) => Math.max(max, displayWidth(pick(row))), title.length);
  const rule = Math.min(
    widest((row) => row.rule, 'RULE'),
    32,
  );
  const space = width - SEVERITY_WIDTH - rule - 3 * GAP.length;
  if (space < MIN_TABLE_SPACE) return undefined;
  const location = Math.min(
    widest((row) => row.location, 'LOCATION'),
    Math.floor(space * 0.45),
  );
  return { rule, location, message: space - location };
}

/** Paints one cell line; `column` and `line` say which. */
type CellStyle = (text: string, column: number, line: number) => string;

/**
 * Lay cells side by side. Padding is measured on the plain text and added outside the style, so escape
 * sequences never count towards a column's width; the last column is not padded, so lines carry no
 * trailing blanks.
 */
function joinCells(
  cells: readonly (readonly string[])[],
  widths: readonly number[],
  style: CellStyle,
): string[] {
  const height = cells.reduce((max, cell) => Math.max(max, cell.length), 0);
  const last = cells.length - 1;
  const lines: string[] = [];
  for (let line = 0; line < height; line++) {
    const parts = cells.map((cell, column) => {
      const text = cell[line] ?? '';
      const padding = column === last ? 0 : (widths[column] ?? 0) - displayWidth(text);
      return style(text, column, line) + ' '.repeat(Math.max(0, padding));
    });
    lines.push(parts.join(GAP).trimEnd());
  }
  return lines;
}

function tableLines(rows: readonly Row[], columns: Columns, color: boolean): string[] {
  const widths = [SEVERITY_WIDTH, columns.rule, columns.location];
  const titles = [['SEVERITY'], ['RULE'], ['LOCATION'], ['MESSAGE']];
  const lines = joinCells(titles, widths, (text) => paint(text, STYLE.bold, color));
  for (const row of rows) {
    const message = wrap(row.message, columns.message, MAX_LINES.message);
    const evidence = row.evidence === '' ? [] : [truncate(row.evidence, columns.message)];
    const cells = [
      [row.severity],
      wrap(row.rule, columns.rule, MAX_LINES.rule),
      wrap(row.location, columns.location, MAX_LINES.location),
      [...message, ...evidence],
    ];
    lines.push(
      ...joinCells(cells, widths, (text, column, line) => {
        if (column === 0) return paintSeverity(text, row.severity, color);
        if (column === 3 && line >= message.length) return paint(text, STYLE.dim, color);
        return text;
      }),
    );
  }
  return lines;
}

/** Narrow terminals: one block per finding, each line indented under its severity and rule. */
function stackedLines(rows: readonly Row[], width: number, color: boolean): string[] {
  const indent = '  ';
  const inner = width - indent.length;
  const lines: string[] = [];
  for (const row of rows) {
    if (lines.length > 0) lines.push('');
    const label = paintSeverity(row.severity, row.severity, color);
    const rule = wrap(row.rule, width - row.severity.length - 1, MAX_LINES.rule);
    lines.push(`${label} ${rule[0] ?? ''}`, ...rule.slice(1).map((line) => indent + line));
    for (const line of wrap(row.location, inner, MAX_LINES.location)) lines.push(indent + line);
    for (const line of wrap(row.message, inner, MAX_LINES.message)) lines.push(indent + line);
    if (row.evidence !== '')
      lines.push(indent + paint(truncate(row.evidence, inner), STYLE.dim, color));
  }
  return lines;
}

/**
 * Render a scan report for a terminal: one row per finding (severity, rule, location, message with its
 * evidence underneath), most severe first, cells wrapped to `width`, then a summary. Every string from
 * an artifact is escaped, so a hostile member name cannot move the cursor or recolour the terminal.
 * @example process.stdout.write(renderTable(report, { color: process.stdout.isTTY, width: 100 }));
 */
export function renderTable(report: ScanReport, options: TableOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width) || 80);
  const rows = [...report.findings]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .map(toRow);
  const lines: string[] = [];
  if (rows.length > 0) {
    const columns = columnsFor(rows, width);
    lines.push(
      ...(columns
        ? tableLines(rows, columns, options.color)
        : stackedLines(rows, width, options.color)),
    );
    lines.push('');
  }
  lines.push(...summaryLines(report, options.color, width, options.root));
  return `${lines.join('\n')}\n`;
}
