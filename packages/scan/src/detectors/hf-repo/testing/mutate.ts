/** Seeded PRNG (mulberry32): malformed-input tests are random but reproducible. */
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

/** Replace a few characters of `text` by random ones (ASCII syntax characters, controls, non-ASCII). */
export function flip(text: string, random: () => number, count = 3): string {
  const alphabet = '\'"{}[]()\\#:.,=\n\r\t\u0000\u00e9\u2028\uFEFF\uD800-abc_0';
  const chars = [...text];
  for (let n = 0; n < count && chars.length > 0; n += 1) {
    const at = Math.floor(random() * chars.length);
    chars[at] = alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  }
  return chars.join('');
}
