/**
 * Builders for hand-crafted HDF5 metadata in tests (8-byte offsets and lengths, little-endian). They write
 * exactly the structures the reader decodes, including ones h5py never writes (cycles, lies, overruns).
 */

/** Little-endian byte writer. */
export class Writer {
  private readonly out: number[] = [];
  get size(): number {
    return this.out.length;
  }
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000));
  }
  u64(v: number | bigint): this {
    const big = BigInt.asUintN(64, BigInt(v));
    for (let i = 0n; i < 8n; i++) this.u8(Number((big >> (8n * i)) & 0xffn));
    return this;
  }
  /** The undefined address (all bits set). */
  undef(): this {
    return this.u64(-1n);
  }
  bytes(b: Uint8Array | readonly number[]): this {
    for (const v of b) this.out.push(v);
    return this;
  }
  ascii(s: string): this {
    return this.bytes(Buffer.from(s, 'latin1'));
  }
  pad8(): this {
    while (this.out.length % 8 !== 0) this.out.push(0);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** One header message. */
export interface Message {
  readonly type: number;
  readonly data: Uint8Array;
  readonly flags?: number;
}

/** A version 1 object header (spec §IV.A.1.a): 16-byte prefix, 8-byte-aligned messages. */
export function objectHeaderV1(messages: readonly Message[], extraSize = 0): Uint8Array {
  const body = new Writer();
  for (const m of messages) {
    const padded = Math.ceil(m.data.length / 8) * 8;
    body
      .u16(m.type)
      .u16(padded)
      .u8(m.flags ?? 0)
      .u8(0)
      .u8(0)
      .u8(0)
      .bytes(m.data);
    for (let i = m.data.length; i < padded; i++) body.u8(0);
  }
  return new Writer()
    .u8(1)
    .u8(0)
    .u16(messages.length)
    .u32(1)
    .u32(body.size + extraSize)
    .u32(0)
    .bytes(body.done())
    .done();
}

/** Messages of a version 2 chunk (no creation order). */
function v2Messages(messages: readonly Message[]): Uint8Array {
  const w = new Writer();
  for (const m of messages)
    w.u8(m.type)
      .u16(m.data.length)
      .u8(m.flags ?? 0)
      .bytes(m.data);
  return w.done();
}

/** A version 2 object header ("OHDR", 4-byte chunk size, zero checksum: the reader does not verify). */
export function objectHeaderV2(messages: readonly Message[]): Uint8Array {
  const body = v2Messages(messages);
  return new Writer().ascii('OHDR').u8(2).u8(0x02).u32(body.length).bytes(body).u32(0).done();
}

/** A version 2 continuation chunk ("OCHK" + messages + checksum). */
export function continuationChunkV2(messages: readonly Message[]): Uint8Array {
  return new Writer().ascii('OCHK').bytes(v2Messages(messages)).u32(0).done();
}

/** A continuation message pointing at `address` / `length`. */
export function continuation(address: number, length: number): Message {
  return { type: 0x10, data: new Writer().u64(address).u64(length).done() };
}

/** Datatypes (spec §IV.A.2.d). */
export const dt = {
  fixedString: (size: number, padding = 0): Uint8Array =>
    new Writer().u8(0x13).u8(padding).u8(0).u8(0).u32(size).done(),
  vlenString: (): Uint8Array =>
    new Writer()
      .u8(0x19)
      .u8(0x01)
      .u8(0x01)
      .u8(0)
      .u32(16)
      .u8(0x10)
      .u8(0)
      .u8(0)
      .u8(0)
      .u32(1)
      .u16(0)
      .u16(8)
      .done(),
  int: (size: number, signed = true, bigEndian = false): Uint8Array =>
    new Writer()
      .u8(0x10)
      .u8((signed ? 0x08 : 0) | (bigEndian ? 1 : 0))
      .u8(0)
      .u8(0)
      .u32(size)
      .u16(0)
      .u16(size * 8)
      .done(),
  float64: (): Uint8Array =>
    new Writer()
      .u8(0x11)
      .u8(0x20)
      .u8(0x3f)
      .u8(0)
      .u32(8)
      .u16(0)
      .u16(64)
      .u8(52)
      .u8(11)
      .u8(0)
      .u8(52)
      .u32(1023)
      .done(),
  compound: (): Uint8Array => new Writer().u8(0x16).u8(0).u8(0).u8(0).u32(4).done(),
};

/** Dataspaces (spec §IV.A.2.b). */
export const ds = {
  scalar: (version: 1 | 2 = 2): Uint8Array =>
    version === 1
      ? new Writer().u8(1).u8(0).u8(0).u8(0).u32(0).done()
      : new Writer().u8(2).u8(0).u8(0).u8(0).done(),
  simple: (dims: readonly (number | bigint)[], version: 1 | 2 = 2): Uint8Array => {
    const w =
      version === 1
        ? new Writer().u8(1).u8(dims.length).u8(0).u8(0).u32(0)
        : new Writer().u8(2).u8(dims.length).u8(0).u8(1);
    for (const d of dims) w.u64(d);
    return w.done();
  },
};

/** An attribute message of version 1 (8-byte padding), 2 or 3 (spec §IV.A.2.m). */
export function attribute(
  name: string,
  datatype: Uint8Array,
  dataspace: Uint8Array,
  data: Uint8Array,
  version: 1 | 2 | 3 = 3,
  flags = 0,
): Message {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const w = new Writer()
    .u8(version)
    .u8(version === 1 ? 0 : flags)
    .u16(nameBytes.length)
    .u16(datatype.length)
    .u16(dataspace.length);
  if (version === 3) w.u8(1);
  const part = (b: Uint8Array): void => {
    w.bytes(b);
    if (version === 1) w.pad8();
  };
  if (version === 1) {
    // Padding is relative to the start of each field, which begins 8-aligned after the 8-byte prefix.
    part(nameBytes);
    part(datatype);
    part(dataspace);
  } else {
    w.bytes(nameBytes).bytes(datatype).bytes(dataspace);
  }
  w.bytes(data);
  return { type: 0x0c, data: w.done() };
}

/** A string attribute stored inline as a fixed-length string. */
export function fixedStringAttribute(name: string, value: string, version: 1 | 2 | 3 = 3): Message {
  const bytes = Buffer.from(value, 'utf8');
  return attribute(
    name,
    dt.fixedString(bytes.length),
    ds.scalar(version === 1 ? 1 : 2),
    bytes,
    version,
  );
}

/** The 16 bytes of a variable-length string element: length, heap collection address, object index. */
export function vlenRef(length: number, collection: number | bigint, index: number): Uint8Array {
  return new Writer().u32(length).u64(collection).u32(index).done();
}

/** A global heap collection ("GCOL") holding `objects`; `size` overrides the collection size field. */
export function globalHeap(
  objects: readonly { index: number; data: Uint8Array }[],
  size?: number,
): Uint8Array {
  const body = new Writer();
  for (const o of objects) body.u16(o.index).u16(1).u32(0).u64(o.data.length).bytes(o.data).pad8();
  const total = 16 + body.size + 16;
  return new Writer()
    .ascii('GCOL')
    .u8(1)
    .u8(0)
    .u8(0)
    .u8(0)
    .u64(size ?? total)
    .bytes(body.done())
    .u16(0)
    .u16(0)
    .u32(0)
    .u64(16)
    .done();
}

/**
 * Lay out a file: a superblock (version 0 with a root symbol table entry, or version 2), then blocks at
 * the addresses `place` hands out, in order. `root` is the root object header's address.
 */
export class FileBuilder {
  private readonly blocks: { address: number; bytes: Uint8Array }[] = [];
  private next: number;
  private readonly version: 0 | 2;
  private readonly userBlock: number;

  constructor(options: { superblockVersion?: 0 | 2; userBlock?: number } = {}) {
    this.version = options.superblockVersion ?? 0;
    this.userBlock = options.userBlock ?? 0;
    this.next = this.version === 0 ? 96 : 48;
  }

  /** Reserve room for `bytes` and return its address (relative to the superblock). */
  place(bytes: Uint8Array): number {
    const address = this.next;
    this.blocks.push({ address, bytes });
    this.next = Math.ceil((address + bytes.length) / 8) * 8;
    return address;
  }

  /** The address the next `place` will return. */
  get nextAddress(): number {
    return this.next;
  }

  build(root: number): Uint8Array {
    const sb = new Writer().bytes([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
    if (this.version === 0) {
      sb.u8(0).u8(0).u8(0).u8(0).u8(0).u8(8).u8(8).u8(0).u16(4).u16(16).u32(0);
      sb.u64(0).undef().u64(this.next).undef();
      sb.u64(0).u64(root).u32(0).u32(0).u64(0).u64(0); // root symbol table entry, no cached scratch
    } else {
      sb.u8(2).u8(8).u8(8).u8(0).u64(0).undef().u64(this.next).u64(root).u32(0);
    }
    const out = new Uint8Array(this.userBlock + this.next);
    out.set(sb.done(), this.userBlock);
    for (const b of this.blocks) out.set(b.bytes, this.userBlock + b.address);
    return out;
  }
}
