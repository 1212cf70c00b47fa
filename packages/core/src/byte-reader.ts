/**
 * Raised by ByteReader when a read would leave the buffer or break a limit. Parsers catch it at their
 * boundary and turn it into a FormatIssue; it never escapes a parse function.
 */
export class ReadError extends Error {
  readonly code: string;
  readonly offset: number;

  constructor(code: string, message: string, offset: number) {
    super(message);
    this.name = 'ReadError';
    this.code = code;
    this.offset = offset;
  }
}

/**
 * A bounds-checked cursor over bytes. Every read checks the remaining length first, so a lying length
 * field can cause a ReadError but never an out-of-range access or a huge allocation (subarray copies
 * nothing).
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos: number;

  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  get length(): number {
    return this.bytes.length;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Throw a TRUNCATED ReadError unless `n` more bytes are available. */
  need(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw new ReadError(
        'TRUNCATED',
        `needed ${n} bytes at offset ${this.pos}, ${this.remaining} remain`,
        this.pos,
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Unsigned 64-bit little-endian as a bigint. */
  u64big(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  i64big(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Unsigned 64-bit little-endian as a number; a value past 2^53 is a ReadError (no real file has it). */
  u64(): number {
    const at = this.pos;
    const v = this.u64big();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ReadError(
        'INTEGER_TOO_LARGE',
        `64-bit value ${v} at offset ${at} is implausibly large`,
        at,
      );
    }
    return Number(v);
  }

  f32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Big-endian float64 (pickle BINFLOAT). */
  f64be(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }

  /** A view of the next `n` bytes (no copy). */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** Bytes up to (not including) the next `\n`, which is consumed; at most `max` bytes. */
  line(max: number): Uint8Array {
    const start = this.pos;
    const end = Math.min(this.bytes.length, start + max + 1);
    for (let i = start; i < end; i++) {
      if (this.bytes[i] === 0x0a) {
        this.pos = i + 1;
        return this.bytes.subarray(start, i);
      }
    }
    if (end === this.bytes.length) {
      throw new ReadError('TRUNCATED', `unterminated line at offset ${start}`, start);
    }
    throw new ReadError('STRING_TOO_LONG', `line at offset ${start} exceeds ${max} bytes`, start);
  }
}

/** Decode bytes as UTF-8, replacing invalid sequences (never throws). */
export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Decode bytes one byte per character. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
