import type { Severity } from '@mlsec/core';

/** SGR parameters (ECMA-48 §8.3.117) for each severity: the most severe stand out the most. */
const SEVERITY_STYLE: Readonly<Record<Severity, string>> = {
  critical: '1;31', // bold red
  high: '31', // red
  medium: '33', // yellow
  low: '36', // cyan
  info: '2', // dim
};

/** Styles the table uses besides severities. */
export const STYLE = { bold: '1', dim: '2', green: '32' } as const;

/** Wrap `text` in an SGR sequence when `color` is on; plain text otherwise. */
export function paint(text: string, sgr: string, color: boolean): string {
  return color && text !== '' ? `\u001b[${sgr}m${text}\u001b[0m` : text;
}

/** Colour a (pre-padded) severity label. */
export function paintSeverity(text: string, severity: Severity, color: boolean): string {
  return paint(text, SEVERITY_STYLE[severity], color);
}

/** Remove SGR sequences, e.g. to measure or compare coloured output. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching ESC is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
