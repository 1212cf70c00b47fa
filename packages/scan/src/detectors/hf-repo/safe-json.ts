import { fail, issue, ok, snippet } from '@mlsec/core';
import type { FormatIssue, ParseResult } from '@mlsec/core';

/** Keys rejected anywhere in a document: they are how prototype pollution reaches a merge (CWE-1321). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

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
 * Python's json module writes NaN, Infinity and -Infinity (outside the JSON grammar of RFC 8259), and
 * transformers' save_pretrained can emit them. Replace those bare words (never inside strings) by null so
 * such a file is not mistaken for a broken one. Returns undefined when there is nothing to replace.
 */
function replacePythonConstants(text: string): string | undefined {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else {
      const word = ['-Infinity', 'Infinity', 'NaN'].find((w) => text.startsWith(w, i));
      if (word !== undefined) {
        out += `${text.slice(last, i)}null`;
        i += word.length - 1;
        last = i + 1;
      }
    }
  }
  return last === 0 ? undefined : out + text.slice(last);
}

/** Walk the parsed value without recursion: depth, size and forbidden keys. */
function checkValue(value: unknown, limits: JsonLimits): FormatIssue | undefined {
  const stack: { value: unknown; depth: number; pointer: string }[] = [
    { value, depth: 0, pointer: '' },
  ];
  let count = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    count += 1;
    if (count > limits.maxValues)
      return issue('HF_JSON_TOO_MANY_VALUES', `more than ${limits.maxValues} values`);
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= limits.maxDepth) {
      return issue(
        'HF_JSON_TOO_DEEP',
        `nesting deeper than ${limits.maxDepth} at ${snippet(item.pointer, 80)}`,
      );
    }
    for (const [key, child] of Object.entries(item.value)) {
      const pointer = `${item.pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (FORBIDDEN_KEYS.has(key)) {
        return issue(
          'HF_JSON_FORBIDDEN_KEY',
          `key "${key}" at ${snippet(pointer, 80)} (prototype pollution)`,
        );
      }
      stack.push({ value: child, depth: item.depth + 1, pointer });
    }
  }
  return undefined;
}

/**
 * Parse JSON from a repository file with prototype-pollution protection (as fastify's secure-json-parse):
 * a `__proto__` or `constructor` key anywhere fails the parse. Never throws.
 */
export function parseJsonSafe(
  text: string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): ParseResult<unknown> {
  const issues: FormatIssue[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const replaced = replacePythonConstants(text);
    try {
      if (replaced === undefined) throw error;
      value = JSON.parse(replaced.replace(/^\uFEFF/, ''));
      issues.push(issue('HF_JSON_NONSTANDARD_NUMBER', 'NaN or Infinity read as null'));
    } catch (second) {
      const message = second instanceof Error ? second.message : 'invalid JSON';
      return fail([issue('HF_JSON_SYNTAX', snippet(message, 120), undefined, true)]);
    }
  }
  const problem = checkValue(value, limits);
  return problem === undefined ? ok(value, issues) : fail([...issues, { ...problem, fatal: true }]);
}

/** The object at `value`, or undefined if it is not a plain JSON object. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
