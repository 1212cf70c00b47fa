import { snippet } from '@mlsec/core';
import type { ModelDiff } from './model-diff.ts';

/** Names listed per kind in a one-line message; the full lists stay in the result. */
const SHOWN = 5;

/** One line saying what differs, naming the files: `modified: a, b; missing: c; extra: d (+3 more)`. */
export function describeDiff(diff: ModelDiff, shown = SHOWN): string {
  const parts: string[] = [];
  for (const kind of ['modified', 'missing', 'extra'] as const) {
    const names = diff[kind];
    if (names.length === 0) continue;
    const head = names.slice(0, shown).map((n) => snippet(n, 120));
    const more = names.length > shown ? ` (+${names.length - shown} more)` : '';
    parts.push(`${kind}: ${head.join(', ')}${more}`);
  }
  return `the model differs from its signature: ${parts.join('; ')}`;
}
