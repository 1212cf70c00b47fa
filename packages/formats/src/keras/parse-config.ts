import type { Limits, ParseResult } from '@mlsec/core';
import { KERAS_CONFIG_MAX_DEPTH } from './analyse-config.ts';
import { decodeJsonBytes } from './decode-json-bytes.ts';
import { parsePythonJson } from './python-json.ts';
import type { JsonValue } from './types.ts';

/**
 * Parse a Keras config given as text or bytes (bytes are decoded as Python's json.loads would), with
 * nesting bounded by KERAS_CONFIG_MAX_DEPTH and the number of values by `limits.maxOps`.
 */
export function parseKerasConfig(
  input: string | Uint8Array,
  limits: Limits,
): ParseResult<JsonValue> {
  const text = typeof input === 'string' ? input : decodeJsonBytes(input);
  return parsePythonJson(text, { maxDepth: KERAS_CONFIG_MAX_DEPTH, maxNodes: limits.maxOps });
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
