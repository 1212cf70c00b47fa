/** Longest untrusted snippet that may appear in a message. */
export const SNIPPET_LIMIT = 200;

/**
 * Make untrusted text safe to put in a message: control and non-ASCII characters are escaped the way
 * JSON escapes them, and the result is cut to `max` characters with an ellipsis. Use it for every string
 * that comes from an artifact, a request or a file name.
 */
export function snippet(value: string, max: number = SNIPPET_LIMIT): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    let piece: string;
    if (ch === '\\') piece = '\\\\';
    else if (ch === '"') piece = '\\"';
    else if (code === 0x0a) piece = '\\n';
    else if (code === 0x0d) piece = '\\r';
    else if (code === 0x09) piece = '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0))
      piece = `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0x2028 && code <= 0x202f)
      piece = `\\u${code.toString(16)}`; // line separators, bidi marks
    else piece = ch;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Render bytes as a short printable string (latin1 view, escaped, truncated). */
export function bytesSnippet(bytes: Uint8Array, max: number = SNIPPET_LIMIT): string {
  const view = bytes.subarray(0, Math.min(bytes.length, max + 1));
  return snippet(
    Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('latin1'),
    max,
  );
}
