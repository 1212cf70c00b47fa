import { ByteReader, ReadError } from '@mlsec/core';

/** Sizes of file addresses ("offsets") and of lengths, from the superblock (HDF5 spec §II.A). */
export interface Hdf5Sizes {
  readonly offsets: number;
  readonly lengths: number;
}

/**
 * A ByteReader over one block of HDF5 metadata that knows where the block sits in the file and how wide
 * addresses and lengths are. All HDF5 metadata is little-endian.
 */
export class Hdf5Cursor extends ByteReader {
  /** File offset of `bytes[0]` (for issue offsets). */
  readonly at: number;
  readonly sizes: Hdf5Sizes;

  constructor(bytes: Uint8Array, at: number, sizes: Hdf5Sizes) {
    super(bytes);
    this.at = at;
    this.sizes = sizes;
  }

  /** File offset of the cursor position. */
  get fileOffset(): number {
    return this.at + this.pos;
  }

  /** Unsigned little-endian integer of `n` bytes (1–8); a value past 2^53 is a ReadError. */
  uint(n: number): number {
    const start = this.fileOffset;
    const bytes = this.bytesView(n);
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) {
      // value * 256 stays exact while value < 2^45; past 2^53 the result is refused below.
      if (value >= 2 ** 45) {
        throw new ReadError(
          'HDF5_INTEGER_TOO_LARGE',
          `a ${n}-byte value at offset ${start} is implausibly large`,
          start,
        );
      }
      value = value * 256 + (bytes[i] ?? 0);
    }
    return value;
  }

  /**
   * A file address of `sizes.offsets` bytes, or undefined for the "undefined address" (all bits set,
   * spec §II.A "Size of Offsets").
   */
  address(): number | undefined {
    const start = this.pos;
    const bytes = this.bytesView(this.sizes.offsets);
    if (bytes.every((b) => b === 0xff)) return undefined;
    this.pos = start;
    return this.uint(this.sizes.offsets);
  }

  /** A length field of `sizes.lengths` bytes. */
  lengthField(): number {
    return this.uint(this.sizes.lengths);
  }

  /** Consume a 4-byte ASCII signature or throw HDF5_BAD_SIGNATURE. */
  signature(expected: string, what: string): void {
    const start = this.fileOffset;
    const bytes = this.bytesView(expected.length);
    for (let i = 0; i < expected.length; i++) {
      if (bytes[i] !== expected.charCodeAt(i)) {
        throw new ReadError(
          'HDF5_BAD_SIGNATURE',
          `${what} at offset ${start} lacks its "${expected}" signature`,
          start,
        );
      }
    }
  }

  /** A sub-cursor over the next `n` bytes (consumed here). */
  sub(n: number): Hdf5Cursor {
    const at = this.fileOffset;
    return new Hdf5Cursor(this.bytesView(n), at, this.sizes);
  }
}

/** Bytes needed to encode values up to `max` (libhdf5 H5VM_limit_enc_size: floor(log2)/8 + 1). */
export function limitEncSize(max: bigint | number): number {
  let v = BigInt(max);
  let bits = 0;
  while (v > 1n) {
    v >>= 1n;
    bits++;
  }
  return Math.floor(bits / 8) + 1;
}

/** floor(log2(n)) for a positive integer. */
export function log2(n: number): number {
  return Math.floor(Math.log2(n));
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** log2(n) === n;
}
