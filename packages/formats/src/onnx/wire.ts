import { ByteReader, ReadError, utf8 } from '@mlsec/core';

/** Protobuf wire types (protobuf encoding spec); 3 and 4 are the deprecated groups. */
export const WIRE = { varint: 0, i64: 1, len: 2, startGroup: 3, endGroup: 4, i32: 5 } as const;

/**
 * One length-delimited protobuf message over a bounded view of the input. A hand-written reader
 * rather than protobufjs: we need a handful of fields, every read must be bounded, and large
 * `raw_data` payloads must be skipped by length without being materialised or decoded.
 * Errors are ReadErrors (caught at the parser boundary): bad varints, groups, unknown wire types,
 * lengths past the end of the enclosing message.
 */
export class ProtoMessage {
  private readonly reader: ByteReader;
  private readonly bytes: Uint8Array;
  /** File offset of the first byte of this message. */
  readonly base: number;

  constructor(bytes: Uint8Array, base = 0) {
    this.reader = new ByteReader(bytes);
    this.bytes = bytes;
    this.base = base;
  }

  /** A second reader over the same message, from its start (for fields that follow what needs them). */
  fork(): ProtoMessage {
    return new ProtoMessage(this.bytes, this.base);
  }

  get done(): boolean {
    return this.reader.done;
  }

  /** File offset of the read position. */
  get offset(): number {
    return this.base + this.reader.pos;
  }

  /** A base-128 varint of at most 10 bytes; exact up to 2^53, approximate beyond. */
  varint(): number {
    const at = this.offset;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      this.need(1);
      const b = this.reader.u8();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new ReadError('PROTO_BAD_VARINT', `a varint at offset ${at} is longer than 10 bytes`, at);
  }

  /** Throw a TRUNCATED ReadError, with a file offset, unless `n` more bytes are in this message. */
  private need(n: number): void {
    if (!Number.isSafeInteger(n) || n > this.reader.remaining) {
      const at = this.offset;
      throw new ReadError(
        'TRUNCATED',
        `needed ${n} bytes at offset ${at}, the enclosing message has ${this.reader.remaining}`,
        at,
      );
    }
  }

  /** The next field key: field number and wire type. */
  tag(): { field: number; wire: number } {
    const at = this.offset;
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0 || field > 0x1fffffff)
      throw new ReadError('PROTO_BAD_TAG', `invalid field number at offset ${at}`, at);
    if (wire === WIRE.startGroup || wire === WIRE.endGroup) {
      throw new ReadError(
        'PROTO_GROUP',
        `field ${field} at offset ${at} uses a group, which ONNX never does`,
        at,
      );
    }
    if (wire !== WIRE.varint && wire !== WIRE.i64 && wire !== WIRE.len && wire !== WIRE.i32) {
      throw new ReadError(
        'PROTO_BAD_WIRE_TYPE',
        `field ${field} at offset ${at} has wire type ${wire}`,
        at,
      );
    }
    return { field, wire };
  }

  /** The body of a length-delimited field as a nested message (a view: nothing is copied). */
  message(): ProtoMessage {
    const length = this.varint();
    const at = this.offset;
    this.need(length);
    return new ProtoMessage(this.reader.bytesView(length), at);
  }

  /** A length-delimited field decoded as UTF-8, keeping at most `max` bytes. */
  string(max: number): { value: string; truncated: boolean } {
    const length = this.varint();
    this.need(length);
    const bytes = this.reader.bytesView(length);
    const kept = bytes.subarray(0, Math.min(length, max));
    return { value: utf8(kept), truncated: kept.length < length };
  }

  /** Skip a field's value by its wire type (length-delimited values are skipped by length). */
  skip(wire: number): void {
    const n =
      wire === WIRE.varint ? 0 : wire === WIRE.i64 ? 8 : wire === WIRE.i32 ? 4 : this.varint();
    if (wire === WIRE.varint) this.varint();
    this.need(n);
    this.reader.skip(n);
  }
}
