import { DecodeError, OutputLimitError } from './decode-error.ts';

const INITIAL_CAPACITY = 64 * 1024;

/**
 * Growable output of a decoder with a hard cap, checked on every write: memory never exceeds the cap
 * (plus at most doubling slack, itself clamped to the cap). The LZ decoders use the output itself as
 * their dictionary, so a header that declares a 4 GB dictionary costs nothing until output exists.
 */
export class OutputBuffer {
  private buf: Uint8Array;
  length = 0;
  readonly cap: number;

  constructor(cap: number, sizeHint = 0) {
    this.cap = cap;
    this.buf = new Uint8Array(Math.min(cap, Math.max(INITIAL_CAPACITY, sizeHint)));
  }

  /** Make room for `n` more bytes or throw OutputLimitError. */
  private reserve(n: number): void {
    const needed = this.length + n;
    if (needed > this.cap) throw new OutputLimitError(this.cap);
    if (needed <= this.buf.length) return;
    let size = Math.max(this.buf.length * 2, INITIAL_CAPACITY);
    while (size < needed) size *= 2;
    const next = new Uint8Array(Math.min(size, this.cap));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  push(byte: number): void {
    if (this.length >= this.buf.length) this.reserve(1);
    this.buf[this.length++] = byte;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The byte `distance` bytes back (1 = the last byte written); 0 when before the start. */
  back(distance: number): number {
    return this.buf[this.length - distance] ?? 0;
  }

  /** LZ77 copy of `len` bytes from `distance` back; the source may overlap the bytes being written. */
  copyMatch(distance: number, len: number, floor: number): void {
    if (distance < 1 || distance > this.length - floor) {
      throw new DecodeError(
        'CORRUPT_DATA',
        `match distance ${distance} reaches before the dictionary`,
      );
    }
    this.reserve(len);
    const buf = this.buf;
    let from = this.length - distance;
    let to = this.length;
    for (let i = 0; i < len; i++) buf[to++] = buf[from++] ?? 0;
    this.length = to;
  }

  /** A view of bytes written from `start`. */
  view(start = 0, end = this.length): Uint8Array {
    return this.buf.subarray(start, end);
  }

  /** The output, trimmed (a copy only if the buffer has slack worth returning). */
  result(): Uint8Array {
    return this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
  }
}
