import type { DenyCategory } from '../categories.ts';

/** One denylist entry: a pattern (see pattern.ts), its category and why it is dangerous. */
export interface DenyEntry {
  readonly pattern: string;
  /** A built-in category id (categories.ts) or, for policy files, a custom kebab-case id. */
  readonly category: string;
  /** One phrase: what the global does that makes it dangerous in a pickle. */
  readonly reason: string;
}

/** Split a whitespace-separated list (keeps the long default lists compact and diffable). */
export function words(list: string): string[] {
  return list.split(/\s+/).filter((word) => word.length > 0);
}

/** Entries sharing a category and a reason; `patterns` is whitespace-separated. */
export function denyGroup(category: DenyCategory, reason: string, patterns: string): DenyEntry[] {
  return words(patterns).map((pattern) => ({ pattern, category, reason }));
}

/** `prefix.name` for every whitespace-separated name: exact entries of one module or class. */
export function members(prefix: string, names: string): string[] {
  return words(names).map((name) => `${prefix}.${name}`);
}
