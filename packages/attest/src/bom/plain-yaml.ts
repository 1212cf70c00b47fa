import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';

/** A JSON-like value read from YAML; mappings have no prototype. */
export type Plain = string | number | boolean | null | readonly Plain[] | PlainMap;
/** A YAML mapping with string keys, created with `Object.create(null)`. */
export interface PlainMap {
  readonly [key: string]: Plain;
}

/** Keys that would reach or replace a prototype if a caller ever copied the mapping. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Bounds for {@link toPlain}. */
export interface PlainLimits {
  readonly depth: number;
  readonly items: number;
}

/** What {@link toPlain} left out, so the caller can say so once. */
export interface Dropped {
  aliases: number;
  forbiddenKeys: number;
  tooDeep: number;
  tooMany: number;
}

/**
 * Convert a YAML node tree to plain data without `toJS()`: aliases are dropped rather than expanded (no
 * "billion laughs"), keys must be plain strings and never `__proto__`/`constructor`/`prototype`, and depth
 * and list lengths are bounded. Lenient on purpose: a model card is documentation, so whatever cannot be
 * read is left out (and counted in `dropped`) instead of failing the whole card.
 */
export function toPlain(
  node: unknown,
  limits: PlainLimits,
  dropped: Dropped,
  depth = 0,
): Plain | undefined {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    dropped.aliases += 1;
    return undefined;
  }
  if (depth > limits.depth) {
    dropped.tooDeep += 1;
    return undefined;
  }
  if (isScalar(node)) {
    const { value } = node;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    return undefined;
  }
  if (isSeq(node)) {
    if (node.items.length > limits.items) dropped.tooMany += 1;
    const out: Plain[] = [];
    for (const item of node.items.slice(0, limits.items)) {
      const value = toPlain(item, limits, dropped, depth + 1);
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  if (isMap(node)) {
    if (node.items.length > limits.items) dropped.tooMany += 1;
    const out = Object.create(null) as Record<string, Plain>;
    for (const pair of node.items.slice(0, limits.items)) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string') continue;
      if (FORBIDDEN_KEYS.has(key.value)) {
        dropped.forbiddenKeys += 1;
        continue;
      }
      const value = toPlain(pair.value, limits, dropped, depth + 1);
      if (value !== undefined) out[key.value] = value;
    }
    return out;
  }
  return undefined;
}

/** True for a mapping produced by {@link toPlain}. */
export function isPlainMap(value: Plain | undefined): value is PlainMap {
  return (
    value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
  );
}
