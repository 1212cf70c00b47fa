import { ReadError } from '@mlsec/core';
import { Hdf5Cursor } from './cursor.ts';
import type { Hdf5File } from './file.ts';
import { FractalHeap } from './fractal-heap.ts';
import { readBtree2Records } from './btree2.ts';
import { MSG_FLAG_SHARED } from './object-header.ts';

/** v2 B-tree type 8: attribute name index of dense attribute storage. */
const ATTRIBUTE_NAME_INDEX = 8;

/**
 * The attribute messages of dense attribute storage (libhdf5 1.8+ stores attributes in a fractal heap
 * once an object has many or large ones). The Attribute Info message (spec §IV.A.2.v): version 0, flags
 * (bit 0: maximum creation index present; bit 1: creation order index present), fractal heap address,
 * name index v2 B-tree address. Each name index record (type 8) is a heap ID, message flags, creation
 * order and name hash; the heap object is an ordinary attribute message. Returns cursors over those
 * messages, or [] when the attributes are compact (undefined heap address).
 */
export async function readDenseAttributeMessages(
  file: Hdf5File,
  info: Hdf5Cursor,
): Promise<Hdf5Cursor[]> {
  const at = info.fileOffset;
  const version = info.u8();
  if (version !== 0)
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `attribute info version ${version} is not 0`,
      at,
    );
  const flags = info.u8();
  if (flags & 0x01) info.skip(2);
  const heapAddress = info.address();
  const nameIndex = info.address();
  if (heapAddress === undefined) return [];
  if (nameIndex === undefined) {
    throw new ReadError(
      'HDF5_BAD_ATTRIBUTE_INFO',
      'dense attribute storage without a name index',
      at,
    );
  }
  const heap = await FractalHeap.open(file, heapAddress);
  const out: Hdf5Cursor[] = [];
  for (const record of await readBtree2Records(file, nameIndex, ATTRIBUTE_NAME_INDEX)) {
    const idLength = record.length - 9;
    if (idLength < 1)
      throw new ReadError('HDF5_BAD_BTREE', 'attribute name index record too short', record.at);
    const id = record.bytesView(idLength);
    const messageFlags = record.u8();
    if (messageFlags & MSG_FLAG_SHARED) {
      throw new ReadError(
        'HDF5_DENSE_ATTRIBUTES_UNSUPPORTED',
        'a densely stored attribute lives in the shared message heap',
        record.at,
      );
    }
    const bytes = await heap.object(id, record.at);
    out.push(new Hdf5Cursor(bytes, record.at, file.sizes));
  }
  return out;
}
