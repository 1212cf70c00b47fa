import { ReadError } from '@mlsec/core';
import type { Hdf5Cursor } from './cursor.ts';
import type { Hdf5File } from './file.ts';

/** Header message types the reader looks at (spec §IV.A.2). */
export const MSG = {
  nil: 0x0000,
  dataspace: 0x0001,
  linkInfo: 0x0002,
  datatype: 0x0003,
  link: 0x0006,
  attribute: 0x000c,
  continuation: 0x0010,
  symbolTable: 0x0011,
  attributeInfo: 0x0015,
} as const;

/** Message flag bit 1: the message is shared (stored in the shared message heap or another header). */
export const MSG_FLAG_SHARED = 0x02;

/** One header message, its data not yet decoded. */
export interface RawMessage {
  readonly type: number;
  readonly flags: number;
  readonly data: Hdf5Cursor;
}

interface Chunk {
  readonly address: number;
  readonly length: number;
  readonly version: 1 | 2;
  /** v2 headers only: whether each message carries a 2-byte creation order. */
  readonly creationOrder: boolean;
  readonly first: boolean;
}

/**
 * Read every message of the object header at `address`, following continuation messages (type 0x10)
 * breadth-first. Version 1 headers (spec §IV.A.1.a) start with a version byte of 1 and align messages on
 * 8 bytes; version 2 headers (§IV.A.1.b) start with "OHDR", continuation chunks with "OCHK", and end
 * with a checksum. A chunk seen twice (a continuation cycle), more chunks or messages than
 * `maxEntries`, or a chunk outside the file is a ReadError.
 */
export async function readObjectHeader(file: Hdf5File, address: number): Promise<RawMessage[]> {
  const messages: RawMessage[] = [];
  const prefix = await file.cursorUpTo(address, 40, 'object header');
  const version = prefix.u8();
  const queue: Chunk[] = [];
  if (version === 1) {
    prefix.skip(1 + 2 + 4); // reserved, message count, reference count
    const size = prefix.u32();
    queue.push({
      address: address + 16,
      length: size,
      version: 1,
      creationOrder: false,
      first: true,
    });
  } else {
    prefix.pos = 0;
    prefix.signature('OHDR', 'object header');
    const v = prefix.u8();
    if (v !== 2) {
      throw new ReadError(
        'HDF5_UNSUPPORTED_VERSION',
        `object header version ${v} is not 1 or 2`,
        prefix.at,
      );
    }
    const flags = prefix.u8();
    if (flags & 0x20) prefix.skip(16); // access, modification, change and birth times
    if (flags & 0x10) prefix.skip(4); // max compact / min dense attribute counts
    const size = prefix.uint(1 << (flags & 0x03));
    queue.push({
      address: address + prefix.pos,
      length: size,
      version: 2,
      creationOrder: (flags & 0x04) !== 0,
      first: true,
    });
  }
  const seen = new Set<number>();
  let parsed = 0;
  while (queue.length > 0) {
    const chunk = queue.shift() as Chunk;
    if (seen.has(chunk.address)) {
      throw new ReadError(
        'HDF5_CONTINUATION_LOOP',
        `object header chunk at ${chunk.address} is reached twice`,
        chunk.address,
      );
    }
    seen.add(chunk.address);
    if (seen.size > file.bounds.maxEntries) {
      throw new ReadError(
        'HDF5_TOO_MANY_ENTRIES',
        `object header at ${address} has more than ${file.bounds.maxEntries} chunks`,
        chunk.address,
      );
    }
    const cursor = await file.cursor(chunk.address, chunk.length, 'object header chunk');
    if (chunk.version === 2 && !chunk.first)
      cursor.signature('OCHK', 'object header continuation chunk');
    // v2 chunk 0 excludes its checksum from the size; continuation chunks include signature and checksum.
    const end = chunk.version === 2 && !chunk.first ? chunk.length - 4 : chunk.length;
    for (const message of readMessages(cursor, end, chunk)) {
      parsed += 1; // nil and continuation messages count too: they cost work
      if (parsed > file.bounds.maxEntries) {
        throw new ReadError(
          'HDF5_TOO_MANY_ENTRIES',
          `object header at ${address} has more than ${file.bounds.maxEntries} messages`,
          message.data.at,
        );
      }
      if (message.type === MSG.continuation) {
        const target = message.data.address();
        const length = message.data.lengthField();
        if (target === undefined) {
          throw new ReadError(
            'HDF5_BAD_CONTINUATION',
            'continuation message points to the undefined address',
            message.data.at,
          );
        }
        queue.push({ ...chunk, address: target, length, first: false });
      } else if (message.type !== MSG.nil) {
        messages.push(message);
      }
    }
  }
  return messages;
}

function* readMessages(cursor: Hdf5Cursor, end: number, chunk: Chunk): Generator<RawMessage> {
  const headerSize = chunk.version === 1 ? 8 : chunk.creationOrder ? 6 : 4;
  if (end < 0 || end > cursor.length) {
    throw new ReadError(
      'HDF5_TRUNCATED',
      `object header chunk at ${cursor.at} is shorter than its messages`,
      cursor.at,
    );
  }
  // A v2 chunk may end with a gap smaller than a message header (spec §IV.A.1.b).
  while (end - cursor.pos >= headerSize) {
    let type: number;
    let size: number;
    let flags: number;
    if (chunk.version === 1) {
      type = cursor.u16();
      size = cursor.u16();
      flags = cursor.u8();
      cursor.skip(3);
    } else {
      type = cursor.u8();
      size = cursor.u16();
      flags = cursor.u8();
      if (chunk.creationOrder) cursor.skip(2);
    }
    if (size > end - cursor.pos) {
      throw new ReadError(
        'HDF5_TRUNCATED',
        `header message of ${size} bytes overruns its chunk`,
        cursor.fileOffset,
      );
    }
    yield { type, flags, data: cursor.sub(size) };
  }
}
