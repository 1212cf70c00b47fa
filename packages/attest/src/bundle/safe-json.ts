import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from './codes.ts';

/** Keys that could reach an object's prototype chain if a caller ever merged the parsed value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parse untrusted JSON text: bounded size, strict UTF-8, no `__proto__`/`constructor`/`prototype` keys
 * anywhere (the approach of fastify's secure-json-parse), and a bounded nesting depth. Never throws.
 */
export function parseSafeJson(
  bytes: Uint8Array,
  maxBytes: number,
  maxDepth = 64,
): ParseResult<unknown> {
  if (bytes.length > maxBytes) {
    return fail([
      issue(
        VERIFY_CODES.VERIFY_BUNDLE_TOO_LARGE,
        `${bytes.length} bytes exceeds ${maxBytes}`,
        0,
        true,
      ),
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail([issue(VERIFY_CODES.VERIFY_BUNDLE_JSON, 'not valid UTF-8', 0, true)]);
  }
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden = key;
      return v;
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : 'parse error';
    return fail([
      issue(VERIFY_CODES.VERIFY_BUNDLE_JSON, `not JSON: ${snippet(why, 120)}`, 0, true),
    ]);
  }
  if (forbidden !== undefined) {
    return fail([issue(VERIFY_CODES.VERIFY_BUNDLE_JSON, `forbidden key "${forbidden}"`, 0, true)]);
  }
  if (depthOf(value, maxDepth) > maxDepth) {
    return fail([
      issue(VERIFY_CODES.VERIFY_BUNDLE_JSON, `nesting deeper than ${maxDepth}`, 0, true),
    ]);
  }
  return ok(value);
}

/** Nesting depth, iterative (a hostile document must not overflow our stack), stopping past `cap`. */
function depthOf(root: unknown, cap: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > max) max = d;
    if (max > cap) return max;
    if (v !== null && typeof v === 'object') {
      for (const child of Object.values(v)) stack.push([child, d + 1]);
    }
  }
  return max;
}
