/** Standard base64 with padding (RFC 4648 §4), as protobuf JSON writes `bytes` fields. */
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decode base64 strictly: Node's decoder silently skips junk, which would let two different strings
 * name the same bytes. Also accepts the URL-safe alphabet, which protobuf JSON parsers accept too.
 * Returns undefined when the text is not base64.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const std = text.replaceAll('-', '+').replaceAll('_', '/');
  if (!STRICT.test(std)) return undefined;
  const bytes = Buffer.from(std, 'base64');
  // Canonical only: the unused low bits of the last character must be zero (RFC 4648 §3.5), so that
  // a changed character can never decode to the same bytes.
  if (bytes.toString('base64') !== std) return undefined;
  return new Uint8Array(bytes);
}

/** Encode bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
