/** A small deterministic PRNG (xorshift32) so a fuzz run can be repeated from its seed. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

/** Values that break length and count fields: zero, sign bits, all ones, and just-past-the-end sizes. */
const INTERESTING_32 = [
  0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0xffffffff,
];

function writeLe(out: Uint8Array, at: number, value: number, width: number): void {
  for (let i = 0; i < width && at + i < out.length; i++)
    out[at + i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
}

/**
 * One mutation of `input` (AFL-style havoc): bit flips, byte sets, interesting integers written as 16/32/64-bit
 * little-endian, inserted, deleted and duplicated ranges, truncation, and splicing with another seed.
 */
export function mutate(
  input: Uint8Array,
  rng: Prng,
  other: Uint8Array,
  maxLength: number,
): Uint8Array {
  let out: Uint8Array = Uint8Array.from(input);
  const rounds = 1 + rng.below(4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.below(Math.max(1, out.length));
    switch (rng.below(9)) {
      case 0:
        if (out.length) out[at] = (out[at] ?? 0) ^ (1 << rng.below(8));
        break;
      case 1:
        if (out.length) out[at] = rng.below(256);
        break;
      case 2:
      case 3: {
        const value = INTERESTING_32[rng.below(INTERESTING_32.length)] ?? 0;
        const width = [2, 4, 8][rng.below(3)] ?? 4;
        writeLe(out, at, width === 8 && rng.below(2) === 0 ? 2 ** 40 + value : value, width);
        break;
      }
      case 4: {
        const n = 1 + rng.below(16);
        const extra = Uint8Array.from({ length: n }, () => rng.below(256));
        out = concat(out.subarray(0, at), extra, out.subarray(at));
        break;
      }
      case 5: {
        const n = 1 + rng.below(Math.max(1, Math.min(64, out.length - at)));
        out = concat(out.subarray(0, at), out.subarray(at + n));
        break;
      }
      case 6: {
        const n = 1 + rng.below(Math.max(1, Math.min(64, out.length - at)));
        out = concat(out.subarray(0, at), out.subarray(at, at + n), out.subarray(at));
        break;
      }
      case 7:
        out = out.subarray(0, at);
        break;
      default: {
        const cut = rng.below(Math.max(1, other.length));
        out = concat(out.subarray(0, at), other.subarray(cut));
        break;
      }
    }
  }
  return out.length > maxLength ? out.subarray(0, maxLength) : out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
