import type { Limits, ParseResult } from '@mlsec/core';
import { PYTHON_JSON_LOADS, parseJson } from '../json/index.ts';
import type { JsonValue } from '../json/index.ts';
import { KERAS_CONFIG_MAX_DEPTH } from './analyse-config.ts';
import { decodeJsonBytes } from './decode-json-bytes.ts';

/** Keras reports every JSON problem as one of three codes. */
const KERAS_JSON_CODES = {
  JSON_TOO_DEEP: 'KERAS_JSON_TOO_DEEP',
  JSON_TOO_MANY_VALUES: 'KERAS_JSON_TOO_LARGE',
  other: 'KERAS_JSON_SYNTAX',
} as const;

/**
 * Parse a Keras config given as text or bytes the way Keras does, with Python's json.loads (bytes are
 * decoded as it would): NaN and Infinity are numbers, the last of duplicate keys wins, and keys such
 * as `__proto__` are ordinary keys of null-prototype objects, because Keras sees them too. Nesting is
 * bounded by KERAS_CONFIG_MAX_DEPTH and the number of values by `limits.maxOps`; failures are fatal
 * issues KERAS_JSON_SYNTAX, KERAS_JSON_TOO_DEEP and KERAS_JSON_TOO_LARGE.
 */
export function parseKerasConfig(
  input: string | Uint8Array,
  limits: Limits,
): ParseResult<JsonValue> {
  const text = typeof input === 'string' ? input : decodeJsonBytes(input);
  return parseJson(text, {
    ...PYTHON_JSON_LOADS,
    maxDepth: KERAS_CONFIG_MAX_DEPTH,
    maxValues: limits.maxOps,
    codes: KERAS_JSON_CODES,
  });
}

/**
 * True when a parsed JSON document looks like a Keras config: a top-level object with `class_name` and
 * `config` (what `model.to_json()` and Keras 2 `model_config` hold), or with `module` or
 * `registered_name` (Keras 3 `config.json`).
 */
export function looksLikeKerasConfig(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const has = (key: string): boolean => Object.hasOwn(value, key);
  return (has('class_name') && has('config')) || has('module') || has('registered_name');
}
