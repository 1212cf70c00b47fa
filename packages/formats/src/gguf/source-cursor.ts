import { ReadError } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';

/**
 * A forward cursor over a ByteSource for formats whose header has no length prefix (GGUF metadata and
 * tensor infos): it reads ahead in chunks, so small fields cost no I/O each, and `skip` moves past data
 * without reading it. Reads past the end raise ReadError('TRUNCATED'); callers bound every length they
 * pass to `bytes` by a limit first, so a lying length field cannot cause a large allocation.
 */
export class SourceCursor {
  readonly source: ByteSource;
  pos = 0;
  private buffer: Uint8Array = new Uint8Array(0);
  private bufferStart = 0;
  private readonly chunk: number;

  constructor(source: ByteSource, chunk = 1 << 16) {
    this.source = source;
    this.chunk = chunk;
  }

  get size(): number {
    return this.source.size;
  }

  get remaining(): number {
    return this.source.size - this.pos;
  }

  /** Make the next `n` bytes available, reading ahead by at least one chunk. */
  async need(n: number): Promise<void> {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw new ReadError(
        'TRUNCATED',
        `needed ${n} bytes at offset ${this.pos}, ${this.remaining} remain`,
        this.pos,
      );
    }
    const end = this.bufferStart + this.buffer.length;
    if (this.pos >= this.bufferStart && this.pos + n <= end) return;
    const length = Math.min(Math.max(n, this.chunk), this.remaining);
    const bytes = await this.source.read(this.pos, length);
    if (bytes.length < n) {
      throw new ReadError(
        'TRUNCATED',
        `the source ended at offset ${this.pos + bytes.length}`,
        this.pos,
      );
    }
    this.buffer = bytes;
    this.bufferStart = this.pos;
  }

  private async view(n: number): Promise<DataView> {
    await this.need(n);
    const at = this.pos - this.bufferStart;
    this.pos += n;
    return new DataView(this.buffer.buffer, this.buffer.byteOffset + at, n);
  }

  async u8(): Promise<number> {
    return (await this.view(1)).getUint8(0);
  }
  async i8(): Promise<number> {
    return (await this.view(1)).getInt8(0);
  }
  async u16(): Promise<number> {
    return (await this.view(2)).getUint16(0, true);
  }
  async i16(): Promise<number> {
    return (await this.view(2)).getInt16(0, true);
  }
  async u32(): Promise<number> {
    return (await this.view(4)).getUint32(0, true);
  }
  async i32(): Promise<number> {
    return (await this.view(4)).getInt32(0, true);
  }
  async f32(): Promise<number> {
    return (await this.view(4)).getFloat32(0, true);
  }
  async u64(): Promise<bigint> {
    return (await this.view(8)).getBigUint64(0, true);
  }
  async i64(): Promise<bigint> {
    return (await this.view(8)).getBigInt64(0, true);
  }
  async f64(): Promise<number> {
    return (await this.view(8)).getFloat64(0, true);
  }

  /** The next `n` bytes (a view, valid until the next read). */
  async bytes(n: number): Promise<Uint8Array> {
    await this.need(n);
    const at = this.pos - this.bufferStart;
    this.pos += n;
    return this.buffer.subarray(at, at + n);
  }

  /** Move past `n` bytes without reading them. */
  skip(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw new ReadError(
        'TRUNCATED',
        `cannot skip ${n} bytes at offset ${this.pos}, ${this.remaining} remain`,
        this.pos,
      );
    }
    this.pos += n;
  }
}
