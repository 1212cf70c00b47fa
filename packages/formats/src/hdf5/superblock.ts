import { ReadError } from '@mlsec/core';
import { Hdf5Cursor } from './cursor.ts';
import type { Hdf5File } from './file.ts';

/** The format signature, spec §II.A "Format Signature": \211HDF\r\n\032\n. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the reader needs from the superblock. */
export interface Superblock {
  readonly version: number;
  /** Absolute file offset of the superblock (0, or 512, 1024, … after a user block). */
  readonly offset: number;
  readonly sizeOfOffsets: number;
  readonly sizeOfLengths: number;
  /** Address of the root group's object header (relative to the base address). */
  readonly rootObjectHeader: number;
  /** Superblock extension object header (v2/v3), if any. */
  readonly extension?: number;
  /** End-of-file address: libhdf5 refuses to open a file shorter than this ("truncated file"). */
  readonly endOfFile: number | undefined;
}

function hasSignature(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

function checkSize(value: number, what: string, at: number): number {
  if (value !== 2 && value !== 4 && value !== 8) {
    throw new ReadError(
      'HDF5_UNSUPPORTED_SIZE',
      `superblock ${what} size ${value} is not 2, 4 or 8`,
      at,
    );
  }
  return value;
}

/**
 * Find and decode the superblock. Spec §II.A: the signature is at offset 0 or at 512, 1024, 2048, …
 * (a user block may precede it). Versions 0 and 1 describe the root group through a symbol table entry;
 * versions 2 and 3 give the root object header address directly. libhdf5 then treats the superblock's
 * position as the base address for every other address (H5F__super_read), and so do we. Sets
 * `file.sizes` and `file.base`.
 */
export async function readSuperblock(file: Hdf5File): Promise<Superblock> {
  const size = file.source.size;
  let offset: number | undefined;
  for (let at = 0; at + SIGNATURE.length <= size; at = at === 0 ? 512 : at * 2) {
    if (hasSignature(await file.readAbsolute(at, SIGNATURE.length, 'superblock signature'))) {
      offset = at;
      break;
    }
  }
  if (offset === undefined) {
    throw new ReadError(
      'HDF5_NO_SUPERBLOCK',
      'no HDF5 superblock signature at offset 0 or any power of two from 512',
      0,
    );
  }
  const head = new Hdf5Cursor(
    await file.readAbsolute(offset, Math.min(size - offset, 96 + 8 * 8), 'superblock'),
    offset,
    file.sizes,
  );
  head.skip(SIGNATURE.length);
  const version = head.u8();
  file.base = offset;
  if (version === 0 || version === 1) {
    head.skip(4); // free-space, root symbol table entry and shared header message format versions, reserved
    const sizeOfOffsets = checkSize(head.u8(), 'offsets', offset + 13);
    const sizeOfLengths = checkSize(head.u8(), 'lengths', offset + 14);
    file.sizes = { offsets: sizeOfOffsets, lengths: sizeOfLengths };
    const body = new Hdf5Cursor(head.bytes, offset, file.sizes);
    body.pos = 16;
    body.skip(2 + 2 + 4); // group leaf/internal node K, file consistency flags
    if (version === 1) body.skip(4); // indexed storage internal node K, reserved
    body.address(); // base address: superseded by the superblock position, as in libhdf5
    body.address(); // file free-space info
    const endOfFile = body.address();
    body.address(); // driver information block
    body.address(); // root group symbol table entry: link name offset
    const root = body.address();
    if (root === undefined) {
      throw new ReadError(
        'HDF5_NO_ROOT_GROUP',
        'the root group symbol table entry has no object header',
        body.fileOffset,
      );
    }
    return { version, offset, sizeOfOffsets, sizeOfLengths, rootObjectHeader: root, endOfFile };
  }
  if (version === 2 || version === 3) {
    const sizeOfOffsets = checkSize(head.u8(), 'offsets', offset + 9);
    const sizeOfLengths = checkSize(head.u8(), 'lengths', offset + 10);
    file.sizes = { offsets: sizeOfOffsets, lengths: sizeOfLengths };
    const body = new Hdf5Cursor(head.bytes, offset, file.sizes);
    body.pos = 12; // after the file consistency flags
    body.address(); // base address
    const extension = body.address();
    const endOfFile = body.address();
    const root = body.address();
    if (root === undefined) {
      throw new ReadError(
        'HDF5_NO_ROOT_GROUP',
        'the superblock has no root group object header',
        body.fileOffset,
      );
    }
    const out: Superblock = {
      version,
      offset,
      sizeOfOffsets,
      sizeOfLengths,
      rootObjectHeader: root,
      endOfFile,
    };
    return extension === undefined ? out : { ...out, extension };
  }
  throw new ReadError(
    'HDF5_UNSUPPORTED_VERSION',
    `superblock version ${version} is not 0–3`,
    offset + 8,
  );
}
