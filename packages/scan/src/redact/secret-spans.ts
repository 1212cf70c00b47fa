import { detectSecrets } from '../secrets/index.ts';
import type { SecretsConfig } from '../secrets/index.ts';

/** A secret to replace: its span in the scanned text (UTF-16 offsets, end exclusive) and rule. */
export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  readonly ruleId: string;
}

/** What a redacted secret becomes. The rule names what was there; no character of the secret stays. */
export function placeholder(ruleId: string): string {
  return `[REDACTED:${ruleId}]`;
}

/** Salt for the fingerprints detectSecrets computes; redact compares them only within one run. */
export const REDACT_SALT = 'mlsec-redact';

/**
 * The secrets of one text as spans to replace, sorted and merged: when rules overlap (a generic
 * rule and a service rule on the same token) the union is replaced once and named by the first rule
 * that is not a generic one. Path-only rules (which flag a file, not a span) are left out.
 */
export function findSecretSpans(
  text: string,
  config: SecretsConfig,
  path: string | undefined,
): SecretSpan[] {
  const found = detectSecrets(text, config, {
    salt: REDACT_SALT,
    ...(path === undefined ? {} : { path }),
  })
    .filter((f) => f.fileOnly !== true && f.secretEnd > f.secretStart)
    .sort((a, b) => a.secretStart - b.secretStart || b.secretEnd - a.secretEnd);
  const merged: { start: number; end: number; ruleId: string }[] = [];
  for (const f of found) {
    const last = merged.at(-1);
    if (last !== undefined && f.secretStart < last.end) {
      last.end = Math.max(last.end, f.secretEnd);
      if (isGeneric(last.ruleId) && !isGeneric(f.ruleId)) last.ruleId = f.ruleId;
    } else {
      merged.push({ start: f.secretStart, end: f.secretEnd, ruleId: f.ruleId });
    }
  }
  return merged;
}

const isGeneric = (ruleId: string): boolean => ruleId.startsWith('generic');

/** 1-based line and column (UTF-16 units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** `text` with each span (sorted, not overlapping) replaced by the placeholder of its rule. */
export function replaceSpans(
  text: string,
  spans: readonly { readonly start: number; readonly end: number; readonly ruleId: string }[],
): string {
  const pieces: string[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(text.slice(at, span.start), placeholder(span.ruleId));
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}
