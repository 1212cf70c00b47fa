import { DecodeError } from './decode-error.ts';
import type { OutputBuffer } from './output-buffer.ts';
import { newProbs } from './range-decoder.ts';
import type { RangeDecoder } from './range-decoder.ts';

// Constants of the LZMA specification (LZMA SDK, DOC/lzma-specification.txt).
const STATES = 12;
const POS_STATES_MAX = 16;
const LEN_TO_POS_STATES = 4;
const END_POS_MODEL_INDEX = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;
const MATCH_MIN_LEN = 2;

/** LZMA literal/position parameters (the "properties byte": (pb * 5 + lp) * 9 + lc). */
export interface LzmaProps {
  readonly lc: number;
  readonly lp: number;
  readonly pb: number;
}

/** Split the LZMA properties byte; undefined when it is out of range (>= 225). */
export function parsePropsByte(byte: number): LzmaProps | undefined {
  if (byte >= 9 * 5 * 5) return undefined;
  return { lc: byte % 9, lp: Math.floor(byte / 9) % 5, pb: Math.floor(byte / 45) };
}

/** Length decoder: choice bits, then a 3-, 3- or 8-bit tree (spec "CLenDecoder"). */
class LenDecoder {
  private readonly choice = newProbs(2);
  private readonly low = newProbs(POS_STATES_MAX << 3);
  private readonly mid = newProbs(POS_STATES_MAX << 3);
  private readonly high = newProbs(256);

  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.choice, 0) === 0) return rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.tree(this.mid, posState << 3, 3);
    return 16 + rc.tree(this.high, 0, 8);
  }
}

/** Why decodeChunk stopped. */
export type LzmaStop = 'limit' | 'marker';

/**
 * The LZMA decoder proper (spec "CLzmaDecoder"), writing into an OutputBuffer that doubles as the
 * dictionary. State survives between calls so LZMA2 can continue it across chunks; `dictStart` marks the
 * last dictionary reset, before which no match may reach.
 */
export class LzmaDecoder {
  private readonly out: OutputBuffer;
  private props: LzmaProps = { lc: 3, lp: 0, pb: 2 };
  private dictStart = 0;
  private state = 0;
  private reps = [0, 0, 0, 0];
  private literal = newProbs(0x300 << 3);
  private isMatch = newProbs(STATES * POS_STATES_MAX);
  private isRep = newProbs(STATES);
  private isRepG0 = newProbs(STATES);
  private isRepG1 = newProbs(STATES);
  private isRepG2 = newProbs(STATES);
  private isRep0Long = newProbs(STATES * POS_STATES_MAX);
  private posSlot = newProbs(LEN_TO_POS_STATES << 6);
  private posSpecial = newProbs(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
  private align = newProbs(1 << ALIGN_BITS);
  private len = new LenDecoder();
  private repLen = new LenDecoder();

  constructor(out: OutputBuffer) {
    this.out = out;
  }

  /** New lc/lp/pb; also resets the probability state, as every properties change must. */
  setProps(props: LzmaProps): void {
    this.props = props;
    this.resetState();
  }

  resetState(): void {
    this.state = 0;
    this.reps = [0, 0, 0, 0];
    this.literal = newProbs(0x300 << (this.props.lc + this.props.lp));
    this.isMatch = newProbs(STATES * POS_STATES_MAX);
    this.isRep = newProbs(STATES);
    this.isRepG0 = newProbs(STATES);
    this.isRepG1 = newProbs(STATES);
    this.isRepG2 = newProbs(STATES);
    this.isRep0Long = newProbs(STATES * POS_STATES_MAX);
    this.posSlot = newProbs(LEN_TO_POS_STATES << 6);
    this.posSpecial = newProbs(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
    this.align = newProbs(1 << ALIGN_BITS);
    this.len = new LenDecoder();
    this.repLen = new LenDecoder();
  }

  resetDict(): void {
    this.dictStart = this.out.length;
  }

  private literalByte(rc: RangeDecoder): void {
    const { lc, lp } = this.props;
    const out = this.out;
    const pos = out.length - this.dictStart;
    const prev = pos > 0 ? out.back(1) : 0;
    const base = 0x300 * (((pos & ((1 << lp) - 1)) << lc) + (prev >>> (8 - lc)));
    let symbol = 1;
    if (this.state >= 7) {
      let matchByte = out.back((this.reps[0] ?? 0) + 1);
      while (symbol < 0x100) {
        const matchBit = (matchByte >>> 7) & 1;
        matchByte <<= 1;
        const bit = rc.bit(this.literal, base + ((1 + matchBit) << 8) + symbol);
        symbol = (symbol << 1) | bit;
        if (matchBit !== bit) break;
      }
    }
    while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(this.literal, base + symbol);
    out.push(symbol - 0x100);
  }

  private distance(rc: RangeDecoder, len: number): number {
    const lenState = Math.min(len, LEN_TO_POS_STATES - 1);
    const slot = rc.tree(this.posSlot, lenState << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    const dist = ((2 | (slot & 1)) << directBits) >>> 0;
    if (slot < END_POS_MODEL_INDEX)
      return dist + rc.reverseTree(this.posSpecial, dist - slot, directBits);
    const high = rc.direct(directBits - ALIGN_BITS) * (1 << ALIGN_BITS);
    return dist + high + rc.reverseTree(this.align, 0, ALIGN_BITS);
  }

  /**
   * Decode until the output holds `target` bytes (Infinity when the size is unknown) or an end marker is
   * read (only when `allowMarker`). With a known size and a marker allowed, the marker is optional: the
   * spec's rule is to stop at the size when the range coder finished cleanly. A match or literal that
   * would run past `target` is corrupt data (LZMA2 chunks never split a match).
   */
  decode(rc: RangeDecoder, target: number, allowMarker: boolean): LzmaStop {
    const out = this.out;
    const pbMask = (1 << this.props.pb) - 1;
    const pastEnd = (): DecodeError =>
      new DecodeError('CORRUPT_DATA', 'data continues past the declared size');
    for (;;) {
      if (out.length >= target && (!allowMarker || rc.finishedOk)) return 'limit';
      const posState = (out.length - this.dictStart) & pbMask;
      const s = this.state;
      if (rc.bit(this.isMatch, (s << 4) + posState) === 0) {
        if (out.length >= target) throw pastEnd();
        this.literalByte(rc);
        this.state = s < 4 ? 0 : s < 10 ? s - 3 : s - 6;
        continue;
      }
      let len: number;
      if (rc.bit(this.isRep, s) !== 0) {
        if (out.length >= target) throw pastEnd();
        if (out.length <= this.dictStart) {
          throw new DecodeError('CORRUPT_DATA', 'repeated match in an empty dictionary');
        }
        if (rc.bit(this.isRepG0, s) === 0) {
          if (rc.bit(this.isRep0Long, (s << 4) + posState) === 0) {
            this.state = s < 7 ? 9 : 11;
            out.copyMatch((this.reps[0] ?? 0) + 1, 1, this.dictStart);
            continue;
          }
        } else {
          const [r0 = 0, r1 = 0, r2 = 0, r3 = 0] = this.reps;
          if (rc.bit(this.isRepG1, s) === 0) this.reps = [r1, r0, r2, r3];
          else if (rc.bit(this.isRepG2, s) === 0) this.reps = [r2, r0, r1, r3];
          else this.reps = [r3, r0, r1, r2];
        }
        len = this.repLen.decode(rc, posState);
        this.state = s < 7 ? 8 : 11;
      } else {
        len = this.len.decode(rc, posState);
        this.state = s < 7 ? 7 : 10;
        const dist = this.distance(rc, len);
        if (dist === 0xffffffff) {
          if (!allowMarker) throw new DecodeError('CORRUPT_DATA', 'unexpected end marker');
          if (!rc.finishedOk)
            throw new DecodeError('CORRUPT_DATA', 'range coder not flushed at the end marker');
          return 'marker';
        }
        if (out.length >= target) throw pastEnd();
        const [r0 = 0, r1 = 0, r2 = 0] = this.reps;
        this.reps = [dist, r0, r1, r2];
      }
      len += MATCH_MIN_LEN;
      if (out.length + len > target)
        throw new DecodeError('CORRUPT_DATA', 'match runs past the declared size');
      out.copyMatch((this.reps[0] ?? 0) + 1, len, this.dictStart);
    }
  }
}
