import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** One record of the archive; `chunks` streams its bytes (called once). */
export interface ZipRecord {
  readonly name: string;
  readonly size: number;
  chunks(): Iterable<Uint8Array>;
}

/** torch's kFieldAlignment: record data starts on a 64-byte boundary. */
const ALIGNMENT = 64;
const U32_MAX = 0xffffffff;

function le(fields: readonly (readonly [number, 2 | 4 | 8])[]): Buffer {
  const out = Buffer.alloc(fields.reduce((n, [, width]) => n + width, 0));
  let at = 0;
  for (const [value, width] of fields) {
    if (width === 2) out.writeUInt16LE(value, at);
    else if (width === 4) out.writeUInt32LE(value, at);
    else out.writeBigUInt64LE(BigInt(value), at);
    at += width;
  }
  return out;
}

/**
 * The extra field torch's PyTorchStreamWriter (caffe2/serialize/inline_container.cc, getPadding) puts
 * in every local header: `FB`, a 16-bit length, then that many `Z`s so the data is 64-byte aligned.
 */
function padding(offset: number, nameLength: number): Buffer {
  const start = offset + 30 + nameLength + 4;
  const pad = (ALIGNMENT - (start % ALIGNMENT)) % ALIGNMENT;
  const out = Buffer.alloc(4 + pad, 'Z');
  out.write('FB', 0, 'ascii');
  out.writeUInt16LE(pad, 2);
  return out;
}

/**
 * Write `<archive>/<record>` members the way torch.save 1.13 does through miniz: STORED, general
 * flags 0x0808 (UTF-8 names, sizes and CRC in a data descriptor after the data, zeros in the local
 * header), DOS date 0, version fields 0, the FB padding above, and a ZIP64 end-of-central-directory
 * record plus locator before the classic one (PyTorch opens miniz with MZ_ZIP_FLAG_WRITE_ZIP64).
 * Records of 4 GiB or more, or past 4 GiB, would need ZIP64 extra fields; this writer refuses them.
 * Returns the archive's size in bytes.
 */
export function writeTorchZip(
  path: string,
  archive: string,
  records: readonly ZipRecord[],
): number {
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = (bytes: Uint8Array): void => {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    offset += bytes.length;
  };
  try {
    for (const record of records) {
      const name = Buffer.from(`${archive}/${record.name}`, 'utf8');
      if (record.size === 0 || record.size >= U32_MAX || offset >= U32_MAX) {
        throw new RangeError(`record ${record.name} needs a layout this writer leaves out`);
      }
      const local = offset;
      const extra = padding(offset, name.length);
      // prettier-ignore
      write(le([[0x04034b50, 4], [0, 2], [0x0808, 2], [0, 2], [0, 2], [0, 2], [0, 4], [0, 4], [0, 4],
        [name.length, 2], [extra.length, 2]]));
      write(name);
      write(extra);
      let crc = 0;
      let size = 0;
      for (const chunk of record.chunks()) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        write(chunk);
      }
      if (size !== record.size) throw new Error(`record ${record.name}: ${size} bytes written`);
      write(
        le([
          [0x08074b50, 4],
          [crc, 4],
          [size, 4],
          [size, 4],
        ]),
      );
      // prettier-ignore
      central.push(le([[0x02014b50, 4], [0, 2], [0, 2], [0x0808, 2], [0, 2], [0, 2], [0, 2], [crc, 4],
        [size, 4], [size, 4], [name.length, 2], [0, 2], [0, 2], [0, 2], [0, 2], [0, 4], [local, 4]]), name);
    }
    const start = offset;
    if (start >= U32_MAX) throw new RangeError('the central directory would start past 4 GiB');
    for (const part of central) write(part);
    const cdSize = offset - start;
    const zip64End = offset;
    const n = records.length;
    // prettier-ignore
    write(le([[0x06064b50, 4], [44, 8], [0x031e, 2], [0x2d, 2], [0, 4], [0, 4], [n, 8], [n, 8],
      [cdSize, 8], [start, 8]]));
    write(
      le([
        [0x07064b50, 4],
        [0, 4],
        [zip64End, 8],
        [1, 4],
      ]),
    );
    // prettier-ignore
    write(le([[0x06054b50, 4], [0, 2], [0, 2], [n, 2], [n, 2], [cdSize, 4], [start, 4], [0, 2]]));
    return offset;
  } finally {
    closeSync(fd);
  }
}
