import { ReadError } from '@mlsec/core';
import type { Hdf5Cursor } from './cursor.ts';

/** A decoded Dataspace message: the shape and the number of elements it holds. */
export interface Hdf5Dataspace {
  /** [] for a scalar; undefined for the null dataspace (no elements). */
  readonly dims: readonly number[] | undefined;
  readonly count: number;
}

const MAX_RANK = 32;

/**
 * Decode a Dataspace message (spec §IV.A.2.b). Version 1: rank, flags, 5 reserved bytes, then the
 * dimension sizes (rank 0 is a scalar). Version 2: rank, flags, type (0 scalar, 1 simple, 2 null), then
 * the sizes. Maximum sizes, when flagged, follow and are skipped. The element count is checked against
 * `maxElements` with BigInt arithmetic, so a hostile shape cannot overflow it.
 */
export function readDataspace(cursor: Hdf5Cursor, maxElements: number): Hdf5Dataspace {
  const at = cursor.fileOffset;
  const version = cursor.u8();
  if (version !== 1 && version !== 2) {
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `dataspace message version ${version} is not 1 or 2`,
      at,
    );
  }
  const rank = cursor.u8();
  cursor.u8(); // flags: maximum sizes (bit 0) follow the sizes; not needed
  let isNull = false;
  if (version === 1) {
    cursor.skip(5);
  } else {
    const type = cursor.u8();
    if (type > 2)
      throw new ReadError('HDF5_BAD_DATASPACE', `dataspace type ${type} is not 0–2`, at);
    isNull = type === 2;
  }
  if (rank > MAX_RANK) {
    throw new ReadError('HDF5_BAD_DATASPACE', `dataspace rank ${rank} exceeds ${MAX_RANK}`, at);
  }
  const dims: number[] = [];
  let count = 1n;
  for (let i = 0; i < rank; i++) {
    const dim = cursor.lengthField();
    dims.push(dim);
    count *= BigInt(dim);
  }
  if (isNull) return { dims: undefined, count: 0 };
  if (count > BigInt(maxElements)) {
    throw new ReadError(
      'HDF5_TOO_MANY_ENTRIES',
      `dataspace of ${count} elements exceeds the limit of ${maxElements}`,
      at,
    );
  }
  return { dims, count: Number(count) };
}
