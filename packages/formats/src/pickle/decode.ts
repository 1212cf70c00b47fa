import { ByteReader, ReadError, latin1, utf8 } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { OP, opcodeOf } from './opcodes.ts';
import type { OpcodeInfo } from './opcodes.ts';
import {
  parseDecimalLine,
  parseFloatLine,
  parseIntLine,
  parseLongLine,
  parseQuotedString,
  parseRawUnicodeEscape,
} from './text-args.ts';

/** A module attribute named by GLOBAL or INST ("module\nname\n"). */
export interface GlobalRef {
  readonly module: string;
  readonly name: string;
}

/**
 * An opcode's decoded argument: numbers for fixed-width integers, memo indices and protocol 0 decimals;
 * bigint for LONG/LONG1/LONG4 (a Uint8Array view when longer than 64 bytes); boolean for INT "00"/"01";
 * string for text and unicode; a Uint8Array view (never a copy) for bytes payloads.
 */
export type OpArg = undefined | boolean | number | bigint | string | Uint8Array | GlobalRef;

/** Why an argument is not exactly what CPython would see. */
export type ArgNote = 'ok' | 'truncated' | 'invalid';

/** LONG1/LONG4 payloads longer than this stay as bytes: no analysis needs the value of a huge integer. */
const MAX_LONG_BYTES = 64;
const STOP = opcodeOf(OP.STOP) as OpcodeInfo;

function littleEndianSigned(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  if (bytes.length > 0 && ((bytes[bytes.length - 1] ?? 0) & 0x80) !== 0) {
    value -= 1n << BigInt(bytes.length * 8);
  }
  return value;
}

/**
 * A disassembler that decodes one opcode per `next()` into its own fields, so the hot loop allocates
 * nothing it can avoid. Framing problems (truncation, an unknown opcode, a negative or oversized length)
 * throw a ReadError with a PICKLE_* code; callers catch it at their boundary. Problems that do not break
 * framing (an unparseable protocol 0 number, an over-long string) are flagged in `note` instead.
 */
export class PickleDecoder {
  /** Offset of the current opcode. */
  offset = 0;
  opcode: OpcodeInfo = STOP;
  arg: OpArg = undefined;
  note: ArgNote = 'ok';
  /** End of the current FRAME (PEP 3154), -1 when none has been seen. */
  frameEnd = -1;
  private resumeAt = -1;
  private readonly reader: ByteReader;
  private readonly maxString: number;

  constructor(bytes: Uint8Array, start: number, limits: Limits) {
    this.reader = new ByteReader(bytes, start);
    this.maxString = limits.maxStringLength;
  }

  get bytes(): Uint8Array {
    return this.reader.bytes;
  }

  /** Offset of the next opcode. */
  get pos(): number {
    return this.reader.pos;
  }

  /** Where reading goes on after this pickle: past raw data read from beyond the current frame, if any. */
  get resumeOffset(): number {
    return Math.max(this.reader.pos, this.resumeAt);
  }

  /** True while unread bytes of the current frame remain. */
  get insideFrame(): boolean {
    return this.reader.pos < this.frameEnd;
  }

  /**
   * Where the file cursor is for a raw read in the middle of the opcode stream (joblib array data).
   * Python's Unpickler buffers a whole frame, so inside a frame the file cursor is past the frame's end.
   */
  rawStart(): number {
    if (!this.insideFrame) return this.reader.pos;
    return this.resumeAt >= 0 ? this.resumeAt : this.frameEnd;
  }

  /** Consume `length` raw bytes at `start` (from rawStart()); inside a frame, opcodes resume after it. */
  consumeRaw(start: number, length: number): void {
    if (start + length > this.reader.length) {
      throw new ReadError(
        'PICKLE_TRUNCATED',
        `raw data at offset ${start} needs ${length} bytes`,
        start,
      );
    }
    if (this.insideFrame) this.resumeAt = start + length;
    else this.reader.pos = start + length;
  }

  /** Decode the opcode at `pos`. Throws ReadError (PICKLE_* code) when the stream cannot be framed. */
  next(): void {
    const r = this.reader;
    if (this.resumeAt >= 0 && r.pos === this.frameEnd) {
      r.pos = this.resumeAt;
      this.resumeAt = -1;
    }
    this.offset = r.pos;
    if (r.done) {
      throw new ReadError('PICKLE_TRUNCATED', `pickle ends at offset ${r.pos} without STOP`, r.pos);
    }
    const byte = r.u8();
    const op = opcodeOf(byte);
    if (op === undefined) {
      throw new ReadError(
        'PICKLE_UNKNOWN_OPCODE',
        `invalid opcode 0x${byte.toString(16)} at offset ${this.offset}`,
        this.offset,
      );
    }
    this.opcode = op;
    this.note = 'ok';
    this.arg = op.arg === 'none' ? undefined : this.readArg(op);
  }

  private readArg(op: OpcodeInfo): OpArg {
    const r = this.reader;
    switch (op.arg) {
      case 'uint1':
        return r.u8();
      case 'uint2':
        return r.u16();
      case 'int4':
        return r.i32();
      case 'uint4':
        return r.u32();
      case 'uint8':
        return this.frame(r.u64());
      case 'float8':
        return r.f64be();
      case 'long1':
        return this.long(r.u8());
      case 'long4':
        return this.long(this.length(r.i32()));
      case 'string1':
        return this.text(r.u8(), latin1);
      case 'string4':
        return this.text(this.length(r.i32()), latin1);
      case 'bytes1':
        return r.bytesView(r.u8());
      case 'bytes4':
        return r.bytesView(r.u32());
      case 'bytes8':
      case 'bytearray8':
        return r.bytesView(r.u64());
      case 'unicodestring1':
        return this.text(r.u8(), utf8);
      case 'unicodestring4':
        return this.text(r.u32(), utf8);
      case 'unicodestring8':
        return this.text(r.u64(), utf8);
      case 'decimalnl_short':
        return op.name === 'INT'
          ? this.checked(parseIntLine(this.line()))
          : this.checked(parseDecimalLine(this.line()));
      case 'decimalnl_long':
        return this.checked(parseLongLine(this.line()));
      case 'floatnl':
        return this.checked(parseFloatLine(this.line()));
      case 'stringnl': {
        const line = this.line();
        return this.checked(parseQuotedString(line)) ?? latin1(line);
      }
      case 'unicodestringnl': {
        const line = this.line();
        return this.checked(parseRawUnicodeEscape(line)) ?? latin1(line);
      }
      case 'stringnl_noescape':
        return latin1(this.line());
      case 'stringnl_noescape_pair': {
        const module = utf8(this.line());
        return { module, name: utf8(this.line()) };
      }
      case 'none':
        return undefined;
    }
  }

  private line(): Uint8Array {
    return this.reader.line(this.maxString);
  }

  private checked<T>(value: T | undefined): T | undefined {
    if (value === undefined) this.note = 'invalid';
    return value;
  }

  private length(n: number): number {
    if (n < 0) {
      throw new ReadError(
        'PICKLE_NEGATIVE_LENGTH',
        `${this.opcode.name} at offset ${this.offset} has negative length ${n}`,
        this.offset,
      );
    }
    return n;
  }

  /** A string payload: checked against the remaining bytes, decoded up to maxStringLength bytes. */
  private text(n: number, decode: (bytes: Uint8Array) => string): string {
    const view = this.reader.bytesView(n);
    if (n <= this.maxString) return decode(view);
    this.note = 'truncated';
    return decode(view.subarray(0, this.maxString));
  }

  private long(n: number): bigint | Uint8Array {
    const view = this.reader.bytesView(n);
    return n <= MAX_LONG_BYTES ? littleEndianSigned(view) : view;
  }

  private frame(n: number): number {
    const r = this.reader;
    if (n > r.remaining) {
      throw new ReadError(
        'PICKLE_TRUNCATED',
        `FRAME at offset ${this.offset} claims ${n} bytes, ${r.remaining} remain`,
        this.offset,
      );
    }
    // A raw read inside the previous frame moved the file cursor: Python's Unpickler reads the new
    // frame from there (Lib/pickle.py _Unframer.load_frame).
    if (this.resumeAt >= 0 && r.pos === this.frameEnd) {
      r.pos = this.resumeAt;
      this.resumeAt = -1;
      if (n > r.remaining) {
        throw new ReadError(
          'PICKLE_TRUNCATED',
          `FRAME at offset ${this.offset} claims ${n} bytes, ${r.remaining} remain`,
          this.offset,
        );
      }
    }
    this.frameEnd = r.pos + n;
    return n;
  }
}
