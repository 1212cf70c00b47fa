/** Test builders for SafeTensors bytes: header JSON (object or raw text), padding, buffer, length prefix. */
export interface SafetensorsSpec {
  /** Header as an object (serialised with JSON.stringify) or as raw text. */
  readonly header: object | string;
  /** Byte buffer after the header, or its length (filled with a counter). */
  readonly data?: Uint8Array | number;
  /** Pad the header with spaces to a multiple of 8, like the reference writer (default true). */
  readonly pad?: boolean;
  /** Override the u64 length prefix. */
  readonly length?: bigint;
}

export function buildSafetensors(spec: SafetensorsSpec): Uint8Array {
  let text = typeof spec.header === 'string' ? spec.header : JSON.stringify(spec.header);
  if (spec.pad ?? true) text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const header = Buffer.from(text, 'utf8');
  const data =
    spec.data instanceof Uint8Array
      ? spec.data
      : Uint8Array.from({ length: spec.data ?? 0 }, (_, i) => i & 0xff);
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, spec.length ?? BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

/** A small valid file: two F32/I8 tensors that exactly cover a 28-byte buffer, plus metadata. */
export function validSafetensors(): Uint8Array {
  return buildSafetensors({
    header: {
      __metadata__: { format: 'pt' },
      weight: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
      bias: { dtype: 'I8', shape: [4], data_offsets: [24, 28] },
    },
    data: 28,
  });
}
