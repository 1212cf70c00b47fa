import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';

/** A JSON value as the strict parser returns it: objects are null-prototype records. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Bounds for parseStrictJson; every one is checked while parsing. */
export interface StrictJsonLimits {
  readonly maxDepth: number;
  /** Most members of one object plus elements of one array. */
  readonly maxEntries: number;
  readonly maxStringLength: number;
}

/** Keys that could reach Object.prototype if the value were ever merged into a plain object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown inside the parser only; parseStrictJson turns it into a fatal issue. */
class JsonError extends Error {
  readonly code: string;
  readonly at: number;
  constructor(code: string, message: string, at: number) {
    super(message);
    this.code = code;
    this.at = at;
  }
}

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * A small RFC 8259 parser for headers of untrusted files. Unlike JSON.parse it reports duplicate keys
 * (two parsers may keep different copies: a classic parser differential), refuses `__proto__`,
 * `constructor` and `prototype` keys, builds null-prototype objects, and bounds depth, entries and
 * string length while it reads. Whitespace after the value is allowed (SafeTensors pads with spaces);
 * anything else there is an error.
 */
export function parseStrictJson(
  text: string,
  limits: StrictJsonLimits,
): { value?: JsonValue; issues: FormatIssue[] } {
  const issues: FormatIssue[] = [];
  let pos = 0;

  const fail = (code: string, message: string): never => {
    throw new JsonError(code, message, pos);
  };
  const skipWs = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('JSON_UNTERMINATED_STRING', 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        break;
      }
      if (c < 0x20) fail('JSON_CONTROL_CHARACTER', `raw control character in a string at ${pos}`);
      if (c === 0x5c) {
        out += text.slice(start, pos);
        const e = text[pos + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('JSON_BAD_ESCAPE', `bad \\u escape at ${pos}`);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          const mapped = ESCAPES[e];
          if (mapped === undefined) fail('JSON_BAD_ESCAPE', `bad escape at ${pos}`);
          out += mapped;
          pos += 2;
        }
        start = pos;
      } else {
        pos++;
      }
      if (out.length + (pos - start) > limits.maxStringLength) {
        fail(
          'JSON_STRING_TOO_LONG',
          `a string is longer than ${limits.maxStringLength} characters`,
        );
      }
    }
    return out;
  };

  const parseNumber = (): number => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!m) fail('JSON_SYNTAX', `unexpected character at ${pos}`);
    const literal = (m as RegExpExecArray)[0];
    pos += literal.length;
    return Number(literal);
  };

  const parseValue = (depth: number): JsonValue => {
    skipWs();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= limits.maxDepth) fail('JSON_TOO_DEEP', `nesting deeper than ${limits.maxDepth}`);
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') return parseString();
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    if (c === undefined) return fail('JSON_TRUNCATED', 'unexpected end of JSON');
    return parseNumber();
  };

  const parseArray = (depth: number): JsonValue[] => {
    pos++;
    const out: JsonValue[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      if (out.length >= limits.maxEntries)
        fail('JSON_TOO_MANY_ENTRIES', 'an array has too many elements');
      out.push(parseValue(depth));
      skipWs();
      const c = text[pos++];
      if (c === ']') return out;
      if (c !== ',') fail('JSON_SYNTAX', `expected ',' or ']' at ${pos - 1}`);
    }
  };

  const parseObject = (depth: number): JsonObject => {
    pos++;
    const out = Object.create(null) as Record<string, JsonValue>;
    let count = 0;
    skipWs();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') fail('JSON_SYNTAX', `expected a key at ${pos}`);
      const keyAt = pos;
      const key = parseString();
      skipWs();
      if (text[pos++] !== ':') fail('JSON_SYNTAX', `expected ':' at ${pos - 1}`);
      const value = parseValue(depth);
      if (++count > limits.maxEntries)
        fail('JSON_TOO_MANY_ENTRIES', 'an object has too many members');
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push(
          issue('JSON_FORBIDDEN_KEY', `key "${key}" is refused (prototype pollution)`, keyAt),
        );
      } else if (Object.hasOwn(out, key)) {
        issues.push(issue('JSON_DUPLICATE_KEY', `duplicate key "${snippet(key, 80)}"`, keyAt));
      } else {
        out[key] = value;
      }
      skipWs();
      const c = text[pos++];
      if (c === '}') return out;
      if (c !== ',') fail('JSON_SYNTAX', `expected ',' or '}' at ${pos - 1}`);
    }
  };

  try {
    const value = parseValue(0);
    skipWs();
    if (pos < text.length)
      fail('JSON_TRAILING_CHARACTERS', `unexpected data after the JSON value at ${pos}`);
    return { value, issues };
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    issues.push(issue(error.code, error.message, error.at, true));
    return { issues };
  }
}
