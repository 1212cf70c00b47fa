import { DecodeError } from './decode-error.ts';

const TOP = 1 << 24;
const PROB_BITS = 11;
const PROB_INIT = 1 << (PROB_BITS - 1);
const MOVE_BITS = 5;

/** Fresh probability models (all 0.5), as the LZMA specification initialises them. */
export function newProbs(count: number): Uint16Array {
  return new Uint16Array(count).fill(PROB_INIT);
}

/**
 * The LZMA range decoder (LZMA SDK `LzmaSpec.cpp`, "CRangeDecoder"), over the bytes `[start, end)` of
 * `input`. Reading past `end` is a TRUNCATED DecodeError, never an implicit zero, so a truncated stream
 * cannot be decoded forever.
 */
export class RangeDecoder {
  private readonly input: Uint8Array;
  pos: number;
  private readonly end: number;
  private range = 0xffffffff;
  private code = 0;

  constructor(input: Uint8Array, start: number, end: number) {
    this.input = input;
    this.pos = start;
    this.end = end;
    // The first byte is always 0; the next four prime `code`.
    if (this.next() !== 0)
      throw new DecodeError('CORRUPT_DATA', 'range coder does not start with 0', start);
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
    if (this.code === this.range)
      throw new DecodeError('CORRUPT_DATA', 'range coder code equals range', start);
  }

  private next(): number {
    if (this.pos >= this.end)
      throw new DecodeError('TRUNCATED', 'compressed data ends early', this.pos);
    return this.input[this.pos++] ?? 0;
  }

  /** True when the encoder flushed cleanly: the spec's "IsFinishedOK" (code is zero). */
  get finishedOk(): boolean {
    return this.code === 0;
  }

  private normalize(): void {
    if (this.range < TOP) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.next()) >>> 0;
    }
  }

  /** Decode one bit with the adaptive probability `probs[i]`. */
  bit(probs: Uint16Array, i: number): number {
    const p = probs[i] ?? PROB_INIT;
    const bound = (this.range >>> PROB_BITS) * p;
    let bit: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + (((1 << PROB_BITS) - p) >>> MOVE_BITS);
      bit = 0;
    } else {
      this.range = (this.range - bound) >>> 0;
      this.code = (this.code - bound) >>> 0;
      probs[i] = p - (p >>> MOVE_BITS);
      bit = 1;
    }
    this.normalize();
    return bit;
  }

  /** `count` bits with fixed probability 0.5, most significant first. */
  direct(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range >>>= 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code = (this.code - this.range) >>> 0;
        bit = 1;
      }
      result = ((result << 1) | bit) >>> 0;
      this.normalize();
    }
    return result;
  }

  /** A `bits`-bit symbol from a bit tree of probabilities at `probs[base + 1 …]`. */
  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(probs, base + m);
    return m - (1 << bits);
  }

  /** Like tree(), least significant bit first. */
  reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const bit = this.bit(probs, base + m);
      m = (m << 1) + bit;
      symbol |= bit << i;
    }
    return symbol;
  }
}
