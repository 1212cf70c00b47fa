import { ReadError, utf8 } from '@mlsec/core';
import type { Hdf5Cursor } from './cursor.ts';
import type { Hdf5Dataspace } from './dataspace.ts';
import { datatypeName } from './datatype.ts';
import type { Hdf5Datatype } from './datatype.ts';
import type { Hdf5File } from './file.ts';
import type { GlobalHeaps } from './global-heap.ts';

/** One decoded element. 64-bit integers past 2^53 stay bigints. */
export type Hdf5Scalar = string | number | bigint;
/** A decoded attribute value: a scalar for a scalar dataspace, else the elements in storage order. */
export type Hdf5Value = Hdf5Scalar | readonly Hdf5Scalar[];

/**
 * Decode string bytes. The character set flag is ignored on purpose: h5py hands ASCII-tagged strings to
 * Keras as bytes, which Keras decodes as UTF-8, so UTF-8 is what the loader sees either way.
 */
function decodeText(bytes: Uint8Array, padding: number): string {
  let end = bytes.length;
  if (padding === 0 || padding === 1) {
    const nul = bytes.indexOf(0); // null-terminated or null-padded
    if (nul >= 0) end = nul;
  } else if (padding === 2) {
    while (end > 0 && bytes[end - 1] === 0x20) end--; // space-padded (Fortran)
  }
  return utf8(bytes.subarray(0, end));
}

function decodeNumber(c: Hdf5Cursor, type: Hdf5Datatype): Hdf5Scalar {
  const at = c.fileOffset;
  const bytes = c.bytesView(type.size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type.kind === 'float') {
    const le = !type.bigEndian;
    if (type.size === 4) return view.getFloat32(0, le);
    if (type.size === 8) return view.getFloat64(0, le);
  } else if (type.kind === 'int') {
    const le = !type.bigEndian;
    const s = type.signed;
    if (type.size === 1) return s ? view.getInt8(0) : view.getUint8(0);
    if (type.size === 2) return s ? view.getInt16(0, le) : view.getUint16(0, le);
    if (type.size === 4) return s ? view.getInt32(0, le) : view.getUint32(0, le);
    if (type.size === 8) {
      const big = s ? view.getBigInt64(0, le) : view.getBigUint64(0, le);
      const safe = big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER);
      return safe ? Number(big) : big;
    }
  }
  throw new ReadError(
    'HDF5_UNSUPPORTED_DATATYPE',
    `${type.size}-byte ${datatypeName(type)} values are not decoded`,
    at,
  );
}

/**
 * Decode the elements of an attribute. Fixed-length strings are cut at their padding; variable-length
 * strings (h5py's default for str) are, per element, a 4-byte length and a global heap reference
 * (collection address, 4-byte object index), spec §IV.A.2.d "Variable-length". The bytes of all decoded
 * strings together are bounded by `maxValueBytes`.
 */
export async function decodeValue(
  file: Hdf5File,
  heaps: GlobalHeaps,
  datatype: Hdf5Datatype,
  dataspace: Hdf5Dataspace,
  data: Hdf5Cursor,
): Promise<Hdf5Value> {
  const type = datatype.kind === 'enum' ? datatype.base : datatype;
  if (type.kind === 'other' || type.kind === 'enum') {
    throw new ReadError(
      'HDF5_UNSUPPORTED_DATATYPE',
      `${datatypeName(type)} values are not decoded`,
      data.at,
    );
  }
  const element = type.kind === 'vlen-string' ? 4 + file.sizes.offsets + 4 : type.size;
  if (element <= 0 || dataspace.count * element > data.length) {
    throw new ReadError(
      'HDF5_TRUNCATED',
      `attribute data holds fewer than ${dataspace.count} elements`,
      data.at,
    );
  }
  let budget = file.bounds.maxValueBytes;
  const spend = (n: number, at: number): void => {
    budget -= n;
    if (budget < 0) {
      throw new ReadError(
        'HDF5_VALUE_TOO_LARGE',
        `attribute value exceeds the limit of ${file.bounds.maxValueBytes} bytes`,
        at,
      );
    }
  };
  const out: Hdf5Scalar[] = [];
  for (let i = 0; i < dataspace.count; i++) {
    const at = data.fileOffset;
    if (type.kind === 'string') {
      spend(type.size, at);
      out.push(decodeText(data.bytesView(type.size), type.padding));
    } else if (type.kind === 'vlen-string') {
      const length = data.u32();
      const collection = data.address();
      const index = data.u32();
      if (length === 0) {
        out.push('');
        continue;
      }
      if (collection === undefined)
        throw new ReadError('HDF5_HEAP_OBJECT_MISSING', 'string refers to no heap', at);
      spend(length, at);
      out.push(decodeText(await heaps.object(collection, index, length), type.padding));
    } else {
      out.push(decodeNumber(data, type));
    }
  }
  if (dataspace.dims !== undefined && dataspace.dims.length === 0) {
    const only = out[0];
    if (only === undefined)
      throw new ReadError('HDF5_TRUNCATED', 'scalar attribute has no value', data.at);
    return only;
  }
  return out;
}
