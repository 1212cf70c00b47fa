// Small helpers every benchmark shares.

/** The median of `values` (the upper one of an even count); 0 for none. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** A random whole number in [0, below). */
export const pick = (below: number): number => Math.floor(Math.random() * below);
