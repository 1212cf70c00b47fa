import { parseJson } from '@mlsec/formats';
import type { ParseResult } from '@mlsec/core';

export interface JsonLimits {
  /** Deepest nesting of arrays and objects accepted. */
  readonly maxDepth: number;
  /** Most values (of any kind) accepted. */
  readonly maxValues: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = Object.freeze({
  maxDepth: 256,
  maxValues: 2_000_000,
});

/**
 * Parse JSON from a repository file with prototype-pollution protection (as fastify's secure-json-parse):
 * a `__proto__` or `constructor` key anywhere fails the parse (HF_JSON_FORBIDDEN_KEY, with its JSON
 * pointer). Python's json module writes NaN, Infinity and -Infinity (outside RFC 8259) and transformers'
 * save_pretrained can emit them: they are read as null with an HF_JSON_NONSTANDARD_NUMBER warning, so such
 * a file is not mistaken for a broken one. A leading BOM is skipped; the last of duplicate keys wins, as
 * in Python. Never throws.
 */
export function parseJsonSafe(
  text: string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): ParseResult<unknown> {
  return parseJson(text, {
    maxDepth: limits.maxDepth,
    maxValues: limits.maxValues,
    nonFinite: 'null',
    duplicateKeys: 'last',
    unsafeKeys: 'fail',
    unsafeKeyNames: ['__proto__', 'constructor'],
    allowBom: true,
    codes: {
      JSON_TOO_DEEP: 'HF_JSON_TOO_DEEP',
      JSON_TOO_MANY_VALUES: 'HF_JSON_TOO_MANY_VALUES',
      JSON_FORBIDDEN_KEY: 'HF_JSON_FORBIDDEN_KEY',
      JSON_NON_FINITE_NUMBER: 'HF_JSON_NONSTANDARD_NUMBER',
      other: 'HF_JSON_SYNTAX',
    },
  });
}

/** The object at `value`, or undefined if it is not a plain JSON object. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
