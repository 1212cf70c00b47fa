// Syntax rules shared by signed notes, keys and checkpoints (C2SP signed-note "Format").

// Go's unicode.IsSpace, which the reference implementation uses for key names: the ASCII spaces,
// U+0085, U+00A0 and the Unicode Z categories. (JavaScript's \s also matches U+FEFF, which Go does not.)
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** True when a string holds no lone surrogate (so it encodes to UTF-8 and back unchanged). */
export function isWellFormed(value: string): boolean {
  return Buffer.from(value, 'utf8').toString('utf8') === value;
}

/** Key names are non-empty, well-formed, with no Unicode space and no '+' (C2SP signed-note). */
export function isValidKeyName(name: string): boolean {
  return name !== '' && isWellFormed(name) && !UNICODE_SPACE.test(name) && !name.includes('+');
}

/** True when text holds an ASCII control character other than newline (forbidden in notes). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decode standard padded base64 (RFC 4648 §4) strictly: no whitespace, no missing padding, and no
 * non-zero trailing bits (the encoding must be the canonical one). Undefined when not valid.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

/** Standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
