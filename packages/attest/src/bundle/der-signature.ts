/**
 * Is `sig` a strict DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3) with
 * nothing after it? Lets us tell a corrupted signature encoding apart from a signature that does not match.
 */
export function isDerEcdsaSignature(sig: Uint8Array): boolean {
  let pos = 0;
  const byte = (): number | undefined => sig[pos++];
  const length = (): number | undefined => {
    const first = byte();
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined; // ECDSA signatures up to P-521 (139 bytes) need at most 0x81
    const len = byte();
    return len !== undefined && len >= 0x80 ? len : undefined;
  };
  if (byte() !== 0x30) return false;
  const seqLen = length();
  if (seqLen === undefined || pos + seqLen !== sig.length) return false;
  for (let i = 0; i < 2; i++) {
    if (byte() !== 0x02) return false;
    const len = length();
    if (len === undefined || len === 0 || pos + len > sig.length) return false;
    const first = sig[pos] ?? 0;
    const second = sig[pos + 1] ?? 0;
    if (first & 0x80) return false; // negative
    if (len > 1 && first === 0 && !(second & 0x80)) return false; // non-minimal
    pos += len;
  }
  return pos === sig.length;
}
