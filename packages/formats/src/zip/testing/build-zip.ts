import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../compression/index.ts';

/** One member for buildZip(); everything but name and data is optional and may lie on purpose. */
export interface BuildEntry {
  readonly name: string | Uint8Array;
  readonly data?: Uint8Array | string;
  /** 0 stored (default), 8 deflate, or anything else (written as stored bytes with that method). */
  readonly method?: number;
  readonly flags?: number;
  /** Name written in the local header instead of the central one. */
  readonly localName?: string;
  readonly localMethod?: number;
  readonly crc32?: number;
  readonly uncompressedSize?: number;
  readonly compressedSize?: number;
  /** Override of the stored local header offset (e.g. to make members overlap). */
  readonly offset?: number;
  /** Unix mode for the external attributes (made on Unix). */
  readonly unixMode?: number;
}

export interface BuildOptions {
  /** Bytes before the archive (a JPEG, a stub). */
  readonly prefix?: Uint8Array;
  /** Add the prefix length to stored offsets (as `zip -A` does) instead of leaving them archive-relative. */
  readonly adjustOffsets?: boolean;
  readonly comment?: string;
  /** Write ZIP64 records (end record, locator, extra fields) for every size and offset. */
  readonly zip64?: boolean;
  /** Entry count written in the end record, if not the real one. */
  readonly declaredEntries?: number;
  /** Bytes after the end record (not covered by the comment length). */
  readonly trailing?: Uint8Array;
}

const bytes = (v: Uint8Array | string | undefined): Uint8Array =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : (v ?? new Uint8Array(0));

/** Little-endian writer. */
class Out {
  readonly parts: Buffer[] = [];
  length = 0;
  u16(v: number): this {
    return this.raw(Buffer.from([v & 0xff, (v >>> 8) & 0xff]));
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return this.raw(b);
  }
  u64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return this.raw(b);
  }
  raw(b: Uint8Array): this {
    this.parts.push(Buffer.from(b));
    this.length += b.length;
    return this;
  }
  done(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

/** Build a zip archive in memory, honestly by default and with chosen lies for malformed-input tests. */
export function buildZip(entries: readonly BuildEntry[], options: BuildOptions = {}): Uint8Array {
  const prefix = options.prefix ?? new Uint8Array(0);
  const base = options.adjustOffsets ? prefix.length : 0;
  const z64 = options.zip64 ?? false;
  const body = new Out();
  const central = new Out();
  for (const e of entries) {
    const name = bytes(e.name);
    const data = bytes(e.data);
    const method = e.method ?? 0;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const flags =
      e.flags ??
      (typeof e.name === 'string' && [...e.name].some((ch) => ch > '\u007f') ? 0x800 : 0);
    const crc = e.crc32 ?? crc32(data);
    const usize = e.uncompressedSize ?? data.length;
    const csize = e.compressedSize ?? stored.length;
    const offset = e.offset ?? body.length + base;
    const localName = e.localName === undefined ? name : bytes(e.localName);
    body
      .u32(0x04034b50)
      .u16(z64 ? 45 : 20)
      .u16(flags)
      .u16(e.localMethod ?? method)
      .u32(0)
      .u32(crc);
    body
      .u32(z64 ? 0xffffffff : csize)
      .u32(z64 ? 0xffffffff : usize)
      .u16(localName.length)
      .u16(z64 ? 20 : 0);
    body.raw(localName);
    if (z64) body.u16(1).u16(16).u64(usize).u64(csize);
    body.raw(stored);
    const madeBy = e.unixMode === undefined ? 20 : (3 << 8) | 20;
    central
      .u32(0x02014b50)
      .u16(madeBy)
      .u16(z64 ? 45 : 20)
      .u16(flags)
      .u16(method)
      .u32(0)
      .u32(crc);
    central.u32(z64 ? 0xffffffff : csize).u32(z64 ? 0xffffffff : usize);
    central
      .u16(name.length)
      .u16(z64 ? 28 : 0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32((e.unixMode ?? 0) * 0x10000);
    central.u32(z64 ? 0xffffffff : offset).raw(name);
    if (z64) central.u16(1).u16(24).u64(usize).u64(csize).u64(offset);
  }
  const cdOffset = body.length + base;
  const count = options.declaredEntries ?? entries.length;
  const tail = new Out();
  if (z64) {
    const eocd64 =
      prefix.length + body.length + central.length - (options.adjustOffsets ? 0 : prefix.length);
    tail.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(count).u64(count);
    tail.u64(central.length).u64(cdOffset);
    tail.u32(0x07064b50).u32(0).u64(eocd64).u32(1);
  }
  const comment = Buffer.from(options.comment ?? '', 'latin1');
  tail
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(z64 ? 0xffff : count)
    .u16(z64 ? 0xffff : count);
  tail
    .u32(z64 ? 0xffffffff : central.length)
    .u32(z64 ? 0xffffffff : cdOffset)
    .u16(comment.length)
    .raw(comment);
  return new Uint8Array(
    Buffer.concat([
      prefix,
      body.done(),
      central.done(),
      tail.done(),
      options.trailing ?? new Uint8Array(0),
    ]),
  );
}
