// Helpers that produce every one-bit change of a hash list, for tamper tests.

/** A copy of `bytes` with bit `bit` flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
}

/** Every proof obtained by flipping one bit of one of its hashes (bits chosen with `step`). */
export function* flippedProofs(proof: readonly Uint8Array[], step = 1): Generator<Uint8Array[]> {
  for (let i = 0; i < proof.length; i++) {
    for (let bit = 0; bit < 256; bit += step) {
      const copy = [...proof];
      copy[i] = flipBit(proof[i] as Uint8Array, bit);
      yield copy;
    }
  }
}

/** Every value obtained by flipping one of the low `bits` bits of a number. */
export function flippedNumbers(value: number, bits: number): number[] {
  const out: number[] = [];
  for (let bit = 0; bit < bits; bit++) out.push(value ^ (1 << bit));
  return out;
}
