/**
 * Seeded randomness for malformed-input tests: every run mutates the same way, so a failure reproduces
 * from its seed. Test-only code (exported as `@mlsec/formats/testing`, never from the package root).
 */

/** A source of numbers in [0, 1), like Math.random but seeded. */
export type Random = () => number;

/** mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and good enough to spread mutations. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function below(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Where flips land: within the first `bytes` bytes with probability `share`, anywhere otherwise. */
export interface FlipFocus {
  readonly bytes: number;
  readonly share: number;
}

/**
 * A copy of `bytes` with `flips` random positions set to random values (a copy even for a Buffer, whose
 * slice() is a view). With `focus`, most flips aim at the header, where a parser does its work.
 */
export function flipBytes(
  bytes: Uint8Array,
  random: Random,
  flips: number,
  focus?: FlipFocus,
): Uint8Array {
  const copy = new Uint8Array(bytes);
  for (let i = 0; i < flips && copy.length > 0; i++) {
    const span =
      focus !== undefined && random() < focus.share
        ? Math.min(focus.bytes, copy.length)
        : copy.length;
    copy[below(random, span)] = below(random, 256);
  }
  return copy;
}

/** `length` random bytes. */
export function randomBytes(random: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = below(random, 256);
  return out;
}

/**
 * Characters text parsers trip over: syntax of JSON, Python and templates, controls, a BOM, a line
 * separator, a lone surrogate and non-ASCII letters.
 */
export const HOSTILE_CHARS = '\'"{}[]()\\#:.,=\n\r\t\u0000\u00e9\u2028\uFEFF\uD800-abc_0';

/** `text` with `count` random characters (code points) replaced by characters of `alphabet`. */
export function flipChars(
  text: string,
  random: Random,
  count: number,
  alphabet: string = HOSTILE_CHARS,
): string {
  const chars = [...text];
  const letters = [...alphabet];
  for (let n = 0; n < count && chars.length > 0; n++) {
    chars[below(random, chars.length)] = letters[below(random, letters.length)] ?? 'x';
  }
  return chars.join('');
}
