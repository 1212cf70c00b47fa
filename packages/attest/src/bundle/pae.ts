/**
 * DSSE pre-authentication encoding (DSSE protocol.md):
 * `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths as ASCII decimal byte counts.
 */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = new TextEncoder().encode(payloadType);
  const head = new TextEncoder().encode(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

/**
 * The PAE model_signing v0.2.0 actually signed (a bug kept for compatibility by
 * `dsse_payload_to_manifest_compat`): capital `DSSEV1` and the payload written as Python's `repr()` of a
 * `bytes` object, `f"DSSEV1 {len(type)} {type} {len(payload)} {payload!r}"`.
 */
export function legacyPae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = new TextEncoder().encode(payloadType);
  const text = `DSSEV1 ${type.length} ${payloadType} ${payload.length} ${pythonBytesRepr(payload)}`;
  return new TextEncoder().encode(text);
}

/** CPython's `bytes.__repr__` (Objects/bytesobject.c, PyBytes_Repr with smartquotes). */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}${quote}`;
}
