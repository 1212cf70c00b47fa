/**
 * A Python literal as the .npy header parser understands it. Only what numpy writes (and what
 * `ast.literal_eval` would accept for it): str, int, bool, None, tuple, list, dict.
 */
export type PyValue =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly PyValue[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [PyValue, PyValue])[] };

export interface PyLiteralOptions {
  readonly maxDepth: number;
  readonly maxEntries: number;
  readonly maxStringLength: number;
  /** Accept Python 2 long suffixes (`3L`), as numpy does for format versions 1.0 and 2.0. */
  readonly allowLongSuffix: boolean;
}

/** Raised by parsePyLiteral on anything outside the accepted subset; the caller reports it. */
export class PyLiteralError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const MAX_INT_DIGITS = 40;

/**
 * Parse one Python literal, strictly and without evaluating anything: no names, calls, operators,
 * comments or implicit string concatenation. Never `eval`: the header of a .npy file is attacker text.
 * Throws PyLiteralError (caught by the .npy parser) on anything else or when a bound is exceeded.
 */
export function parsePyLiteral(text: string, options: PyLiteralOptions): PyValue {
  let pos = 0;
  const fail = (message: string): never => {
    throw new PyLiteralError(message, pos);
  };
  const skipWs = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] ?? '')) pos++;
  };

  const parseString = (): PyValue => {
    if (text[pos] === 'u' || text[pos] === 'U') pos++;
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') return fail(`unexpected character at ${pos}`);
    pos++;
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined || c === '\n') return fail('unterminated string');
      pos++;
      if (c === quote) break;
      if (c === '\\') {
        const e = text[pos] ?? '';
        pos++;
        const width = HEX_ESCAPES[e];
        if (width !== undefined) {
          const hex = text.slice(pos, pos + width);
          if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) fail(`bad \\${e} escape`);
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) fail('escape out of range');
          out += String.fromCodePoint(code);
          pos += width;
        } else if (/[0-7]/.test(e)) {
          // Octal: up to three digits (`'\\117'` is 'O', so this matters for object detection).
          const digits = /^[0-7]{1,3}/.exec(text.slice(pos - 1, pos + 2))?.[0] ?? e;
          out += String.fromCharCode(parseInt(digits, 8));
          pos += digits.length - 1;
        } else if (e === 'N') {
          return fail('named escapes (\\N{...}) are not supported');
        } else if (e === '\n') {
          // Line continuation inside the string.
        } else {
          // Python keeps unknown escapes as written (backslash included).
          out += SIMPLE_ESCAPES[e] ?? `\\${e}`;
        }
      } else {
        out += c;
      }
      if (out.length > options.maxStringLength) fail('string too long');
    }
    return { kind: 'str', value: out };
  };

  const parseInt_ = (): PyValue => {
    const m = /^-?\d+/.exec(text.slice(pos, pos + MAX_INT_DIGITS + 2));
    if (!m) return fail(`unexpected character at ${pos}`);
    const digits = m[0];
    if (digits.replace('-', '').length > MAX_INT_DIGITS) fail('integer too long');
    if (/^-?0\d/.test(digits)) fail('leading zeros are not a Python literal');
    pos += digits.length;
    if (options.allowLongSuffix && (text[pos] === 'L' || text[pos] === 'l')) pos++;
    return { kind: 'int', value: BigInt(digits) };
  };

  const parseItems = (
    close: string,
    depth: number,
  ): { items: PyValue[]; trailingComma: boolean } => {
    const items: PyValue[] = [];
    let trailingComma = false;
    skipWs();
    while (text[pos] !== close) {
      if (items.length >= options.maxEntries) fail('too many items');
      items.push(parseValue(depth));
      skipWs();
      trailingComma = text[pos] === ',';
      if (trailingComma) pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}' at ${pos}`);
      skipWs();
    }
    pos++;
    return { items, trailingComma };
  };

  const parseDict = (depth: number): PyValue => {
    const entries: (readonly [PyValue, PyValue])[] = [];
    skipWs();
    while (text[pos] !== '}') {
      if (entries.length >= options.maxEntries) fail('too many items');
      const key = parseValue(depth);
      skipWs();
      if (text[pos] !== ':') fail(`expected ':' at ${pos}`);
      pos++;
      entries.push([key, parseValue(depth)]);
      skipWs();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail(`expected ',' or '}' at ${pos}`);
      skipWs();
    }
    pos++;
    return { kind: 'dict', entries };
  };

  const parseValue = (depth: number): PyValue => {
    skipWs();
    const c = text[pos];
    if (c === '(' || c === '[' || c === '{') {
      if (depth >= options.maxDepth) fail(`nesting deeper than ${options.maxDepth}`);
      pos++;
      if (c === '{') return parseDict(depth + 1);
      const { items, trailingComma } = parseItems(c === '(' ? ')' : ']', depth + 1);
      // `(x)` is a parenthesised value, `(x,)` and `()` are tuples.
      if (c === '(' && items.length === 1 && !trailingComma) return items[0] as PyValue;
      return { kind: c === '(' ? 'tuple' : 'list', items };
    }
    for (const [word, value] of [
      ['True', { kind: 'bool', value: true }],
      ['False', { kind: 'bool', value: false }],
      ['None', { kind: 'none' }],
    ] as const) {
      if (text.startsWith(word, pos) && !/\w/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return value;
      }
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseInt_();
    if (c === undefined) return fail('unexpected end of header');
    return parseString();
  };

  const value = parseValue(0);
  skipWs();
  if (pos < text.length) fail(`unexpected text after the literal at ${pos}`);
  return value;
}
