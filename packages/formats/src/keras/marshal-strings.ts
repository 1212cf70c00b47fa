/** Marshal type codes of strings (CPython Python/marshal.c), without the FLAG_REF bit (0x80). */
const SHORT_ASCII = new Set([0x7a, 0x5a]); // 'z', 'Z' (interned): 1-byte length
const LONG_STRING = new Set([0x61, 0x41, 0x75, 0x74, 0x73]); // 'a', 'A', 'u', 't' (interned), 's' (bytes): 4-byte length

const MAX_STRINGS = 64;
const MAX_LENGTH = 80;
const MAX_LONG = 256;

function printable(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

function text(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, from + MAX_LENGTH); i++)
    s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

/**
 * Printable strings of a marshalled Python code object — names such as `os`, `system`, `popen`,
 * `__import__` — found by scanning for marshal string records (a type byte, a length, that many
 * printable ASCII bytes) instead of unmarshalling anything. When no record is found (another marshal
 * dialect), runs of at least four printable bytes are returned instead. At most 64 distinct strings of
 * at most 80 characters, in order of appearance; one-character names are skipped as noise.
 */
export function marshalStrings(bytes: Uint8Array): string[] {
  const found = new Set<string>();
  for (let i = 0; i < bytes.length && found.size < MAX_STRINGS; i++) {
    const type = (bytes[i] ?? 0) & 0x7f;
    let start = -1;
    let length = 0;
    if (SHORT_ASCII.has(type) && i + 1 < bytes.length) {
      length = bytes[i + 1] ?? 0;
      start = i + 2;
    } else if (LONG_STRING.has(type) && i + 4 < bytes.length) {
      length =
        (bytes[i + 1] ?? 0) |
        ((bytes[i + 2] ?? 0) << 8) |
        ((bytes[i + 3] ?? 0) << 16) |
        ((bytes[i + 4] ?? 0) << 24);
      start = i + 5;
      if (length < 0 || length > MAX_LONG) start = -1;
    }
    if (
      start < 0 ||
      length < 2 ||
      start + length > bytes.length ||
      !printable(bytes, start, start + length)
    )
      continue;
    found.add(text(bytes, start, start + length));
    i = start + length - 1;
  }
  if (found.size > 0) return [...found];
  let run = -1;
  for (let i = 0; i <= bytes.length && found.size < MAX_STRINGS; i++) {
    const b = bytes[i];
    const ok = b !== undefined && b >= 0x20 && b <= 0x7e;
    if (ok && run < 0) run = i;
    if (!ok && run >= 0) {
      if (i - run >= 4) found.add(text(bytes, run, i));
      run = -1;
    }
  }
  return [...found];
}
