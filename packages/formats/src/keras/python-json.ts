import { fail, issue, ok } from '@mlsec/core';
import type { ParseResult } from '@mlsec/core';
import type { JsonObject, JsonValue } from './types.ts';

/** Bounds of parsePythonJson, checked while parsing. */
export interface PythonJsonLimits {
  /** Deepest nesting of arrays and objects (Python itself stops near 1000). */
  readonly maxDepth: number;
  /** Most values in the document. */
  readonly maxNodes: number;
}

class JsonSyntaxError extends Error {
  readonly code: string;
  readonly at: number;
  constructor(code: string, message: string, at: number) {
    super(message);
    this.code = code;
    this.at = at;
  }
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/**
 * Parse JSON the way Python's `json.loads` does, since that is what Keras uses on `model_config` and
 * `config.json`: it also accepts `NaN`, `Infinity` and `-Infinity` (json.dumps writes them), rejects
 * control characters inside strings (strict mode), keeps the last of duplicate keys, and allows only
 * whitespace after the value. Objects are null-prototype records, so keys such as `__proto__` stay
 * ordinary data and never reach a prototype; they are kept because Keras sees them too. Depth and value
 * count are bounded while parsing; failures are fatal issues with codes KERAS_JSON_SYNTAX,
 * KERAS_JSON_TOO_DEEP and KERAS_JSON_TOO_LARGE.
 */
export function parsePythonJson(text: string, limits: PythonJsonLimits): ParseResult<JsonValue> {
  let pos = 0;
  let nodes = 0;
  const syntax = (message: string): never => {
    throw new JsonSyntaxError('KERAS_JSON_SYNTAX', `${message} at character ${pos}`, pos);
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      pos++;
    }
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (!text.startsWith(word, pos)) syntax('unexpected character');
    pos += word.length;
    return value;
  };

  const string = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) syntax('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) syntax('control character in string');
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const e = text[pos + 1] ?? '';
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) syntax('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16)); // pairs combine in UTF-16, lone halves stay
        pos += 6;
      } else {
        const mapped = ESCAPES.get(e);
        if (mapped === undefined) syntax('bad escape');
        out += mapped;
        pos += 2;
      }
      start = pos;
    }
    out += text.slice(start, pos);
    pos++; // closing quote
    return out;
  };

  const value = (depth: number): JsonValue => {
    nodes++;
    if (nodes > limits.maxNodes) {
      throw new JsonSyntaxError(
        'KERAS_JSON_TOO_LARGE',
        `more than ${limits.maxNodes} JSON values`,
        pos,
      );
    }
    ws();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= limits.maxDepth) {
        throw new JsonSyntaxError(
          'KERAS_JSON_TOO_DEEP',
          `JSON nested deeper than ${limits.maxDepth} levels`,
          pos,
        );
      }
      return c === '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c === '"') return string();
    if (c === 'n') return literal('null', null);
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'N') return literal('NaN', Number.NaN);
    if (c === 'I') return literal('Infinity', Number.POSITIVE_INFINITY);
    if (c === '-' && text.startsWith('-Infinity', pos))
      return literal('-Infinity', Number.NEGATIVE_INFINITY);
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match)
      return syntax(pos >= text.length ? 'unexpected end of input' : 'unexpected character');
    pos += match[0].length;
    return Number(match[0]);
  };

  const array = (depth: number): JsonValue[] => {
    pos++;
    const out: JsonValue[] = [];
    ws();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      ws();
      const c = text[pos++];
      if (c === ']') return out;
      if (c !== ',') syntax("expected ',' or ']'");
    }
  };

  const object = (depth: number): JsonObject => {
    pos++;
    const out = Object.create(null) as Record<string, JsonValue>;
    ws();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      ws();
      if (text[pos] !== '"') syntax('expected a property name');
      const key = string();
      ws();
      if (text[pos++] !== ':') syntax("expected ':'");
      out[key] = value(depth); // null prototype: '__proto__' is an own data property here
      ws();
      const c = text[pos++];
      if (c === '}') return out;
      if (c !== ',') syntax("expected ',' or '}'");
    }
  };

  try {
    const result = value(0);
    ws();
    if (pos < text.length) syntax('extra data after the JSON value');
    return ok(result);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return fail([issue(error.code, error.message, error.at, true)]);
  }
}
