import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** A member of a benchmark zip: either bytes, or `size` bytes produced by repeating `chunk`. */
export type ZipMember =
  | { readonly name: string; readonly bytes: Uint8Array }
  | { readonly name: string; readonly size: number; readonly chunk: Uint8Array };

function header(fields: readonly [number, number][]): Buffer {
  const size = fields.reduce((n, [, width]) => n + width, 0);
  const out = Buffer.alloc(size);
  let at = 0;
  for (const [value, width] of fields) {
    if (width === 2) out.writeUInt16LE(value, at);
    else out.writeUInt32LE(value, at);
    at += width;
  }
  return out;
}

/** A member's bytes in chunks: large generated members are never held in memory whole. */
function* chunksOf(member: ZipMember): Generator<Uint8Array> {
  if ('bytes' in member) {
    yield member.bytes;
    return;
  }
  for (let done = 0; done < member.size; done += member.chunk.length) {
    yield member.chunk.subarray(0, Math.min(member.chunk.length, member.size - done));
  }
}

/**
 * Write a STORED zip the way torch.save lays out checkpoints (no compression), streaming large members
 * so the generator never holds them in memory. Sizes stay below 4 GiB per member (no ZIP64 needed).
 */
export function writeStoredZip(path: string, members: readonly ZipMember[]): void {
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = (bytes: Uint8Array): void => {
    writeSync(fd, bytes);
    offset += bytes.length;
  };
  try {
    for (const member of members) {
      const name = Buffer.from(member.name, 'utf8');
      let crc = 0;
      let size = 0;
      for (const part of chunksOf(member)) {
        crc = crc32(part, crc);
        size += part.length;
      }
      const local = offset;
      write(
        header([
          [0x04034b50, 4],
          [20, 2],
          [0, 2],
          [0, 2],
          [0, 2],
          [0x21, 2],
          [crc, 4],
          [size, 4],
          [size, 4],
          [name.length, 2],
          [0, 2],
        ]),
      );
      write(name);
      for (const part of chunksOf(member)) write(part);
      central.push(
        header([
          [0x02014b50, 4],
          [20, 2],
          [20, 2],
          [0, 2],
          [0, 2],
          [0, 2],
          [0x21, 2],
          [crc, 4],
          [size, 4],
          [size, 4],
          [name.length, 2],
          [0, 2],
          [0, 2],
          [0, 2],
          [0, 2],
          [0, 4],
          [local, 4],
        ]),
        name,
      );
    }
    const start = offset;
    for (const part of central) write(part);
    const count = members.length;
    write(
      header([
        [0x06054b50, 4],
        [0, 2],
        [0, 2],
        [count, 2],
        [count, 2],
        [offset - start, 4],
        [start, 4],
        [0, 2],
      ]),
    );
  } finally {
    closeSync(fd);
  }
}
