/**
 * Protocol 0 opcodes carry their arguments as text lines. These helpers read them the way CPython does
 * (Lib/pickle.py: `int(line)`, `int(line, 0)`, `float(line)`, `codecs.escape_decode`, 'raw-unicode-escape')
 * and return undefined where CPython would raise, so the decoder can report the line instead of guessing.
 */

/** CPython refuses int() of more than 4300 decimal digits (sys.int_info.default_max_str_digits). */
const MAX_DECIMAL_DIGITS = 4300;

function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** `bytes.strip()`: int() and float() of a bytes line ignore surrounding ASCII whitespace. Linear time. */
function pyStrip(text: string): string {
  const space = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  let start = 0;
  let end = text.length;
  while (start < end && space(text.charCodeAt(start))) start++;
  while (end > start && space(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

const DEC = /^[+-]?\d(?:_?\d)*$/;
const BASE0 =
  /^([+-]?)(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?\d)*)$/;
// Each pattern is unambiguous (every repetition consumes a fixed token), so matching stays linear on
// hostile megabyte-long lines.
const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  'i',
);

/** `int(line)` (base 10) as used by GET and PUT; undefined when invalid or not a safe integer. */
export function parseDecimalLine(line: Uint8Array): number | undefined {
  const text = pyStrip(latin1Text(line));
  if (!DEC.test(text) || text.length > MAX_DECIMAL_DIGITS + 1) return undefined;
  const value = Number(text.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `int(line, 0)` as used by INT and LONG: decimal, 0x, 0o, 0b, underscores, surrounding space. */
export function parseIntBase0(text: string): bigint | undefined {
  const stripped = pyStrip(text);
  const match = BASE0.exec(stripped);
  if (match === null) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const body = stripped.slice((match[1] ?? '').length).replace(/_/g, '');
  const isDecimal = !/^0[xXoObB]/.test(body);
  if (isDecimal && body.length > MAX_DECIMAL_DIGITS) return undefined;
  return sign * BigInt(body); // BigInt() reads 0x/0o/0b prefixes like int(s, 0)
}

/** INT's argument: "00"/"01" are the protocol 0 spellings of False/True, anything else int(line, 0). */
export function parseIntLine(line: Uint8Array): boolean | bigint | undefined {
  if (line.length === 2 && line[0] === 0x30 && (line[1] === 0x30 || line[1] === 0x31)) {
    return line[1] === 0x31;
  }
  return parseIntBase0(latin1Text(line));
}

/** LONG's argument: int(line, 0) after dropping one trailing 'L' (Python 2 long literals). */
export function parseLongLine(line: Uint8Array): bigint | undefined {
  const text = latin1Text(line);
  return parseIntBase0(text.endsWith('L') ? text.slice(0, -1) : text);
}

/** FLOAT's argument: Python float() syntax, including inf/nan and digit underscores. */
export function parseFloatLine(line: Uint8Array): number | undefined {
  const text = pyStrip(latin1Text(line));
  if (!FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) {
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  return Number(lower);
}

// prettier-ignore
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '\\': 0x5c, "'": 0x27, '"': 0x22, a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b,
};

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * STRING's argument: a quoted Python 2 str literal decoded with codecs.escape_decode. Returns the bytes
 * as a latin1 string (CPython then decodes them with the Unpickler's encoding, ASCII by default).
 */
export function parseQuotedString(line: Uint8Array): string | undefined {
  const quote = line[0];
  if (line.length < 2 || (quote !== 0x27 && quote !== 0x22) || line[line.length - 1] !== quote) {
    return undefined;
  }
  const body = line.subarray(1, line.length - 1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte !== 0x5c) {
      out.push(byte);
      continue;
    }
    const next = body[++i];
    if (next === undefined) return undefined; // "Trailing \ in string"
    const simple = SIMPLE_ESCAPES[String.fromCharCode(next)];
    if (simple !== undefined) out.push(simple);
    else if (next === 0x0a)
      continue; // backslash-newline: line continuation
    else if (next >= 0x30 && next <= 0x37) {
      let value = next - 0x30;
      for (let k = 0; k < 2 && (body[i + 1] ?? 0) >= 0x30 && (body[i + 1] ?? 0) <= 0x37; k++) {
        value = value * 8 + ((body[++i] ?? 0) - 0x30);
      }
      out.push(value & 0xff);
    } else if (next === 0x78) {
      const hi = hexValue(body[i + 1]);
      const lo = hexValue(body[i + 2]);
      if (hi < 0 || lo < 0) return undefined; // "invalid \x escape"
      out.push(hi * 16 + lo);
      i += 2;
    } else out.push(0x5c, next); // unknown escapes are kept verbatim
  }
  return latin1Text(Uint8Array.from(out));
}

/** UNICODE's argument: 'raw-unicode-escape', where only \uXXXX and \UXXXXXXXX after an odd run of backslashes escape. */
export function parseRawUnicodeEscape(line: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const byte = line[i] ?? 0;
    if (byte !== 0x5c) {
      out += String.fromCharCode(byte);
      i++;
      continue;
    }
    let run = 0;
    while (line[i] === 0x5c) {
      run++;
      i++;
    }
    const kind = line[i];
    if (run % 2 === 0 || (kind !== 0x75 && kind !== 0x55)) {
      out += '\\'.repeat(run);
      continue;
    }
    out += '\\'.repeat(run - 1);
    const digits = kind === 0x75 ? 4 : 8;
    let code = 0;
    for (let k = 1; k <= digits; k++) {
      const h = hexValue(line[i + k]);
      if (h < 0) return undefined; // "truncated \uXXXX escape"
      code = code * 16 + h;
    }
    if (code > 0x10ffff) return undefined; // "\Uxxxxxxxx out of range"
    out += String.fromCodePoint(code);
    i += digits + 1;
  }
  return out;
}
