/** Decode UTF-32 code units one by one; invalid code points become U+FFFD, as a lenient decoder would. */
function utf32(bytes: Uint8Array, bigEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, !bigEndian);
    parts.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd');
  }
  return parts.join('');
}

/**
 * Turn the bytes of a JSON document into text the way Python's `json.loads(bytes)` does (Keras reads
 * `config.json` from the archive as bytes): `json.detect_encoding` picks UTF-32/UTF-16 from a BOM or
 * from the pattern of zero bytes in the first four, strips a UTF-8 BOM, and otherwise assumes UTF-8.
 * Never throws; invalid sequences become U+FFFD (Python would fail to load such a file).
 */
export function decodeJsonBytes(bytes: Uint8Array): string {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  const decode = (encoding: 'utf-8' | 'utf-16le' | 'utf-16be', from = 0): string => {
    let view = bytes.subarray(from);
    if (encoding === 'utf-16be') {
      // Swap to little-endian ourselves: 'utf-16be' needs full ICU, which not every Node build has.
      const swapped = new Uint8Array(view.length);
      for (let i = 0; i + 1 < view.length; i += 2) {
        swapped[i] = view[i + 1] ?? 0;
        swapped[i + 1] = view[i] ?? 0;
      }
      view = swapped;
    }
    const label = encoding === 'utf-8' ? 'utf-8' : 'utf-16le';
    return new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(view);
  };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff)
    return utf32(bytes.subarray(4), true);
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00)
    return utf32(bytes.subarray(4), false);
  if (b0 === 0xfe && b1 === 0xff) return decode('utf-16be', 2);
  if (b0 === 0xff && b1 === 0xfe) return decode('utf-16le', 2);
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decode('utf-8', 3);
  if (bytes.length >= 4) {
    if (b0 === 0) return b1 ? decode('utf-16be') : utf32(bytes, true);
    if (b1 === 0) return b2 || b3 ? decode('utf-16le') : utf32(bytes, false);
  } else if (bytes.length === 2) {
    if (b0 === 0) return decode('utf-16be');
    if (b1 === 0) return decode('utf-16le');
  }
  return decode('utf-8');
}
