import { OP } from '../opcodes.ts';
import type { OpcodeName } from '../opcodes.ts';

/** Bytes of a latin1 string (protocol 0 pickles are text). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

function le(value: number | bigint, size: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(size * 8, BigInt(value));
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/**
 * Hand-built pickles for tests: `pickle().proto(4).str('posix').str('system').op('STACK_GLOBAL')...`.
 * Each method appends one opcode (with its argument) and returns the builder.
 */
export class PickleBuilder {
  private readonly out: number[] = [];

  /** An opcode with raw argument bytes. */
  op(name: OpcodeName, ...arg: readonly number[]): this {
    this.out.push(OP[name], ...arg);
    return this;
  }

  /** Raw bytes (garbage, array data, a second pickle). */
  raw(bytes: Uint8Array | readonly number[]): this {
    for (const b of bytes) this.out.push(b);
    return this;
  }

  /** A text line (protocol 0 argument) after an opcode. */
  line(name: OpcodeName, ...lines: readonly string[]): this {
    this.out.push(OP[name]);
    for (const text of lines) this.raw(latin1Bytes(`${text}\n`));
    return this;
  }

  proto(version: number): this {
    return this.op('PROTO', version);
  }

  /** FRAME with an explicit length. */
  frame(length: number): this {
    return this.op('FRAME', ...le(length, 8));
  }

  global(module: string, name: string): this {
    return this.line('GLOBAL', module, name);
  }

  /** A str: SHORT_BINUNICODE, or BINUNICODE when 256 bytes or longer. */
  str(text: string): this {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length < 256) return this.op('SHORT_BINUNICODE', bytes.length).raw(bytes);
    return this.op('BINUNICODE', ...le(bytes.length, 4)).raw(bytes);
  }

  /** An int with the smallest binary opcode. */
  int(value: number): this {
    if (value >= 0 && value < 256) return this.op('BININT1', value);
    if (value >= 0 && value < 65536) return this.op('BININT2', ...le(value, 2));
    return this.op('BININT', ...le(value, 4));
  }

  bytes(payload: readonly number[] | Uint8Array): this {
    if (payload.length < 256) return this.op('SHORT_BINBYTES', payload.length).raw(payload);
    return this.op('BINBYTES', ...le(payload.length, 4)).raw(payload);
  }

  put(index: number): this {
    return index < 256 ? this.op('BINPUT', index) : this.op('LONG_BINPUT', ...le(index, 4));
  }

  get(index: number): this {
    return index < 256 ? this.op('BINGET', index) : this.op('LONG_BINGET', ...le(index, 4));
  }

  /** `module.name(*args)` with args pushed by `args`: GLOBAL, MARK, args, TUPLE, REDUCE. */
  call(module: string, name: string, args: (b: this) => unknown): this {
    this.global(module, name).op('MARK');
    args(this);
    return this.op('TUPLE').op('REDUCE');
  }

  stop(): this {
    return this.op('STOP');
  }

  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** Start a pickle. */
export function pickle(): PickleBuilder {
  return new PickleBuilder();
}

/** `posix.system('id')` as protocol 2 writes it (GLOBAL, a one-tuple, REDUCE): the classic payload. */
export function posixSystemPickle(): Uint8Array {
  return pickle()
    .proto(2)
    .global('posix', 'system')
    .str('id')
    .op('TUPLE1')
    .op('REDUCE')
    .stop()
    .build();
}

/** Little-endian bytes of an integer (for raw arguments). */
export function leBytes(value: number | bigint, size: number): number[] {
  return le(value, size);
}
