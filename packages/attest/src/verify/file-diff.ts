import { snippet } from '@mlsec/core';

/** What differs between a signed or recorded file list and the files on disk. Names are sorted. */
export interface FileDiff {
  /** Files whose content (a digest of the file or one of its shards) differs. */
  readonly modified: readonly string[];
  /** Listed files that are not on disk (or not hashed, e.g. now ignored). */
  readonly missing: readonly string[];
  /** Files on disk that the list does not hold. */
  readonly extra: readonly string[];
}

/** Nothing differs. */
export const NO_DIFF: FileDiff = { modified: [], missing: [], extra: [] };

/** True when nothing differs. */
export function isEmptyDiff(diff: FileDiff): boolean {
  return diff.modified.length === 0 && diff.missing.length === 0 && diff.extra.length === 0;
}

/** Names listed per kind in a one-line message; the full lists stay in the result. */
const SHOWN = 5;

/**
 * One line naming the files that differ: `modified: a, b; missing: c; extra: d (+3 more)`, untrusted names
 * escaped and truncated.
 */
export function describeDiff(diff: FileDiff, shown = SHOWN): string {
  const parts: string[] = [];
  for (const kind of ['modified', 'missing', 'extra'] as const) {
    const names = diff[kind];
    if (names.length === 0) continue;
    const head = names.slice(0, shown).map((n) => snippet(n, 120));
    const more = names.length > shown ? ` (+${names.length - shown} more)` : '';
    parts.push(`${kind}: ${head.join(', ')}${more}`);
  }
  return parts.join('; ');
}
