import { snippet } from '@mlsec/core';
import type { FileDigest } from './types.ts';

/** How the files on disk differ from a recorded list. Names are sorted. */
export interface FileDiff {
  readonly modified: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/** Compare recorded per-file digests with the ones just computed, by name. */
export function diffFiles(
  recorded: readonly FileDigest[],
  actual: readonly FileDigest[],
): FileDiff {
  const want = new Map(recorded.map((f) => [f.name, f.sha256]));
  const have = new Map(actual.map((f) => [f.name, f.sha256]));
  const modified: string[] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [name, sha] of want) {
    const now = have.get(name);
    if (now === undefined) missing.push(name);
    else if (now !== sha) modified.push(name);
  }
  for (const name of have.keys()) if (!want.has(name)) extra.push(name);
  return { modified: modified.sort(), missing: missing.sort(), extra: extra.sort() };
}

/** Names shown per category in a message before "and N more". */
const SHOWN = 10;

/** `modified: a, b; missing: c; extra: d` with untrusted names escaped and the lists truncated. */
export function describeDiff(diff: FileDiff): string {
  const parts: string[] = [];
  for (const kind of ['modified', 'missing', 'extra'] as const) {
    const names = diff[kind];
    if (names.length === 0) continue;
    const shown = names.slice(0, SHOWN).map((n) => snippet(n, 120));
    const more = names.length > SHOWN ? `, and ${names.length - SHOWN} more` : '';
    parts.push(`${kind}: ${shown.join(', ')}${more}`);
  }
  return parts.join('; ');
}

/** True when nothing differs. */
export function isEmptyDiff(diff: FileDiff): boolean {
  return diff.modified.length === 0 && diff.missing.length === 0 && diff.extra.length === 0;
}
