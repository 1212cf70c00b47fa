/** Test builder for .npy bytes: any header text, version, data and length prefix. */
export interface NpySpec {
  /** The header dict as Python source, e.g. "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }". */
  readonly header: string;
  readonly major?: number;
  readonly minor?: number;
  /** Data after the header, or its length (filled with a counter). */
  readonly data?: Uint8Array | number;
  /** Override the header length field. */
  readonly length?: number;
}

export function buildNpy(spec: NpySpec): Uint8Array {
  const major = spec.major ?? 1;
  const prefix = major === 1 ? 10 : 12;
  // numpy pads with spaces and ends with '\n' so that the data starts on a 64-byte boundary.
  let text = spec.header;
  text += ' '.repeat((64 - ((prefix + Buffer.byteLength(text) + 1) % 64)) % 64) + '\n';
  const header = Buffer.from(text, major === 3 ? 'utf8' : 'latin1');
  const data =
    spec.data instanceof Uint8Array
      ? spec.data
      : Uint8Array.from({ length: spec.data ?? 0 }, (_, i) => i & 0xff);
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, spec.minor ?? 0]);
  const view = new DataView(out.buffer);
  const length = spec.length ?? header.length;
  if (major === 1) view.setUint16(8, length, true);
  else view.setUint32(8, length, true);
  out.set(header, prefix);
  out.set(data, prefix + header.length);
  return out;
}

/** A valid float32 array of shape (2, 3). */
export function validNpy(): Uint8Array {
  return buildNpy({
    header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
    data: 24,
  });
}

/**
 * np.save(f, np.array([1, 'x', None], dtype=object)) with numpy 1.24 (/usr/bin/python3): an object
 * array whose data is a protocol 3 pickle.
 */
export const OBJECT_NPY_BASE64 =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAA2NudW1weS5jb3JlLm11bHRpYXJyYXkKX3JlY29uc3RydWN0CnEAY251bXB5Cm5kYXJyYXkKcQFLAIVxAkMBYnEDh3EEUnEFKEsBSwOFcQZjbnVtcHkKZHR5cGUKcQdYAgAAAE84cQiJiIdxCVJxCihLA1gBAAAAfHELTk5OSv////9K/////0s/dHEMYoldcQ0oSwFYAQAAAHhxDk5ldHEPYi4=';

/** np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)) with numpy 1.24. */
export const FLOAT_NPY_BASE64 =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAQAAAoEA=';
