import { fail, issue, ok, snippet } from '@mlsec/core';
import type { FormatIssue, ParseResult } from '@mlsec/core';
import { PROTOTYPE_KEYS } from './options.ts';
import { jsonPointer } from './pointer.ts';
import type { JsonIssueCode, JsonParseOptions } from './options.ts';
import type { JsonObject, JsonValue } from './types.ts';

/** Thrown inside the parser only; parseJson turns it into a fatal issue. */
class JsonStop extends Error {
  readonly code: JsonIssueCode;
  readonly at: number;
  constructor(code: JsonIssueCode, message: string, at: number) {
    super(message);
    this.code = code;
    this.at = at;
  }
}

/** RFC 8259 §7 two-character escapes. */
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

/** RFC 8259 §6 number grammar (sticky: matched in place, no slicing of the text). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

const NON_FINITE: readonly (readonly [string, number])[] = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];

/**
 * Parse JSON from an untrusted artifact or file: bounded (depth, values, entries, string length, all
 * checked while reading), never throwing, and safe against prototype pollution (objects are
 * null-prototype records; `__proto__`, `constructor` and `prototype` keys are dropped, refused or kept
 * as data, per `unsafeKeys`). Options choose the dialect: strict RFC 8259, or Python's json.loads
 * (PYTHON_JSON_LOADS). Whitespace may follow the value; anything else there is an error. Syntax errors
 * and overruns are one fatal issue; duplicate and dropped keys and non-finite numbers read as null are
 * warnings on an ok result.
 *
 * @example
 * const header = parseJson(text, { maxDepth: 3, maxEntries: limits.maxEntries });
 * const config = parseJson(text, { ...PYTHON_JSON_LOADS, maxDepth: 1000, maxValues: limits.maxOps });
 */
export function parseJson(text: string, options: JsonParseOptions): ParseResult<JsonValue> {
  const maxValues = options.maxValues ?? Number.POSITIVE_INFINITY;
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const maxString = options.maxStringLength ?? Number.POSITIVE_INFINITY;
  const unsafeMode = options.unsafeKeys ?? 'drop';
  const unsafeNames = new Set(
    unsafeMode === 'keep' ? [] : (options.unsafeKeyNames ?? PROTOTYPE_KEYS),
  );
  const keepFirst = (options.duplicateKeys ?? 'first') === 'first';
  const issues: FormatIssue[] = [];
  const path: (string | number)[] = [];
  let pos = options.allowBom === true && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let values = 0;
  let nullWarned = false;

  const codeOf = (code: JsonIssueCode): string =>
    options.codes?.[code] ?? options.codes?.other ?? code;
  const stop = (code: JsonIssueCode, message: string, at = pos): never => {
    throw new JsonStop(code, `${message} at character ${at}`, at);
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      pos++;
    }
  };

  const string = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) stop('JSON_UNTERMINATED_STRING', 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) stop('JSON_CONTROL_CHARACTER', 'raw control character in a string');
      if (c === 0x5c) {
        out += text.slice(start, pos);
        const e = text[pos + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) stop('JSON_BAD_ESCAPE', 'bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16)); // pairs combine in UTF-16, lone halves stay
          pos += 6;
        } else {
          const mapped = ESCAPES.get(e);
          if (mapped === undefined) stop('JSON_BAD_ESCAPE', 'bad escape');
          out += mapped;
          pos += 2;
        }
        start = pos;
      } else {
        pos++;
      }
      if (out.length + (pos - start) > maxString)
        stop('JSON_STRING_TOO_LONG', `a string is longer than ${maxString} characters`);
    }
    out += text.slice(start, pos);
    pos++; // closing quote
    return out;
  };

  const scalar = (): JsonValue => {
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    for (const [word, value] of NON_FINITE) {
      if (!text.startsWith(word, pos)) continue;
      if ((options.nonFinite ?? 'reject') === 'reject') stop('JSON_SYNTAX', `${word} is not JSON`);
      if (options.nonFinite === 'number') {
        pos += word.length;
        return value;
      }
      if (!nullWarned) {
        issues.push(issue(codeOf('JSON_NON_FINITE_NUMBER'), 'NaN or Infinity read as null', pos));
        nullWarned = true;
      }
      pos += word.length;
      return null;
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match === null) {
      if (pos >= text.length) stop('JSON_TRUNCATED', 'unexpected end of JSON');
      return stop('JSON_SYNTAX', 'unexpected character');
    }
    pos += match[0].length;
    return Number(match[0]);
  };

  const value = (depth: number): JsonValue => {
    if (++values > maxValues) stop('JSON_TOO_MANY_VALUES', `more than ${maxValues} JSON values`);
    ws();
    const c = text[pos];
    if (c === '"') return string();
    if (c !== '{' && c !== '[') return scalar();
    if (depth >= options.maxDepth) {
      const where = snippet(jsonPointer(path), 80);
      stop('JSON_TOO_DEEP', `nesting deeper than ${options.maxDepth} levels at "${where}"`);
    }
    return c === '{' ? object(depth + 1) : array(depth + 1);
  };

  const array = (depth: number): JsonValue[] => {
    pos++;
    const out: JsonValue[] = [];
    ws();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    path.push(0);
    for (;;) {
      if (out.length >= maxEntries)
        stop('JSON_TOO_MANY_ENTRIES', `an array has more than ${maxEntries} elements`);
      path[path.length - 1] = out.length;
      out.push(value(depth));
      ws();
      const c = text[pos++];
      if (c === ']') break;
      if (c !== ',') stop('JSON_SYNTAX', "expected ',' or ']'", pos - 1);
    }
    path.pop();
    return out;
  };

  const object = (depth: number): JsonObject => {
    pos++;
    const out = Object.create(null) as Record<string, JsonValue>;
    let count = 0;
    ws();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      ws();
      if (text[pos] !== '"') stop('JSON_SYNTAX', 'expected a property name');
      const keyAt = pos;
      const key = string();
      ws();
      if (text[pos++] !== ':') stop('JSON_SYNTAX', "expected ':'", pos - 1);
      path.push(key);
      const unsafe = unsafeNames.has(key);
      if (unsafe && unsafeMode === 'fail') {
        const where = snippet(jsonPointer(path), 80);
        stop('JSON_FORBIDDEN_KEY', `key "${key}" at "${where}" (prototype pollution)`, keyAt);
      }
      const member = value(depth);
      path.pop();
      if (++count > maxEntries)
        stop('JSON_TOO_MANY_ENTRIES', `an object has more than ${maxEntries} members`);
      if (unsafe) {
        const message = `key "${key}" is refused (prototype pollution)`;
        issues.push(issue(codeOf('JSON_FORBIDDEN_KEY'), message, keyAt));
      } else if (keepFirst && Object.hasOwn(out, key)) {
        const message = `duplicate key "${snippet(key, 80)}"`;
        issues.push(issue(codeOf('JSON_DUPLICATE_KEY'), message, keyAt));
      } else {
        out[key] = member; // null prototype: even '__proto__' is an own data property here
      }
      ws();
      const c = text[pos++];
      if (c === '}') return out;
      if (c !== ',') stop('JSON_SYNTAX', "expected ',' or '}'", pos - 1);
    }
  };

  try {
    const root = value(0);
    ws();
    if (pos < text.length) stop('JSON_TRAILING_CHARACTERS', 'unexpected data after the JSON value');
    return ok(root, issues);
  } catch (error) {
    if (error instanceof JsonStop) {
      return fail([...issues, issue(codeOf(error.code), error.message, error.at, true)]);
    }
    // A maxDepth beyond what the stack holds: report it as too deep rather than crash.
    if (error instanceof RangeError) {
      const message = `nesting too deep for the parser at character ${pos}`;
      return fail([...issues, issue(codeOf('JSON_TOO_DEEP'), message, pos, true)]);
    }
    throw error;
  }
}
