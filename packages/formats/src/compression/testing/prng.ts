/** A small seeded PRNG (mulberry32) so fuzz-style tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `bytes` with `flips` random bytes replaced by random values. */
export function flipBytes(bytes: Uint8Array, random: () => number, flips: number): Uint8Array {
  const copy = new Uint8Array(bytes); // a copy even for a Buffer, whose slice() is a view
  for (let i = 0; i < flips && copy.length > 0; i++) {
    copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
  }
  return copy;
}
