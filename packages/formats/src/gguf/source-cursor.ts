import { ReadError } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';

/**
 * A forward cursor over a ByteSource for formats whose header has no length prefix (GGUF metadata and
 * tensor infos): it reads ahead in chunks, so small fields cost no I/O each, and `skip` moves past data
 * without reading it. `need(n)` (async) makes n bytes available, raising ReadError('TRUNCATED') past the
 * end; the reads after it are synchronous, so a loop over many small values awaits only when a chunk
 * runs out. Callers bound every length they pass to `need` by a limit first, so a lying length field
 * cannot cause a large allocation.
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

  /** True when the next `n` bytes are already buffered (reads of them need no I/O). */
  has(n: number): boolean {
    return this.pos >= this.bufferStart && this.pos + n <= this.bufferStart + this.buffer.length;
  }

  /** A view of the next `n` buffered bytes; callers make them available with `need` first. */
  private view(n: number): DataView {
    if (!this.has(n))
      throw new Error(`SourceCursor: ${n} bytes at ${this.pos} were not made available`);
    const at = this.pos - this.bufferStart;
    this.pos += n;
    return new DataView(this.buffer.buffer, this.buffer.byteOffset + at, n);
  }

  // Fixed-size little-endian reads of buffered bytes (after `need`).
  u8(): number {
    return this.view(1).getUint8(0);
  }
  i8(): number {
    return this.view(1).getInt8(0);
  }
  u16(): number {
    return this.view(2).getUint16(0, true);
  }
  i16(): number {
    return this.view(2).getInt16(0, true);
  }
  u32(): number {
    return this.view(4).getUint32(0, true);
  }
  i32(): number {
    return this.view(4).getInt32(0, true);
  }
  f32(): number {
    return this.view(4).getFloat32(0, true);
  }
  u64(): bigint {
    return this.view(8).getBigUint64(0, true);
  }
  i64(): bigint {
    return this.view(8).getBigInt64(0, true);
  }
  f64(): number {
    return this.view(8).getFloat64(0, true);
  }

  /** The next `n` buffered bytes (a view, valid until the next `need`). */
  bytes(n: number): Uint8Array {
    if (!this.has(n))
      throw new Error(`SourceCursor: ${n} bytes at ${this.pos} were not made available`);
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
