import { MlsecError } from './errors.ts';

/**
 * Resource limits every parser of untrusted bytes checks while it reads. A value exceeded is reported as an
 * issue (the input is hostile or unusual), never as a crash or an unbounded allocation.
 */
export interface Limits {
  /** Largest input a parser reads into memory at once (a pickle, a header, an archive member). */
  readonly maxBytes: number;
  /** Largest total output of decompression for one artifact, across nested layers. */
  readonly maxDecompressedBytes: number;
  /** Most entries in one container (zip/tar members, pickle opcodes are counted separately). */
  readonly maxEntries: number;
  /** Deepest nesting: archives inside archives, pickle containers inside containers. */
  readonly maxDepth: number;
  /** Longest single string or name a parser accepts. */
  readonly maxStringLength: number;
  /** Most pickle opcodes decoded in one stream. */
  readonly maxOps: number;
  /** Largest ratio of decompressed to compressed size before an archive is treated as a bomb. */
  readonly maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxBytes: 1024 * 1024 * 1024,
  maxDecompressedBytes: 2 * 1024 * 1024 * 1024,
  maxEntries: 100_000,
  maxDepth: 8,
  maxStringLength: 1024 * 1024,
  maxOps: 50_000_000,
  maxCompressionRatio: 1000,
});

/** Merge overrides into the defaults, rejecting nonsense values (programmer or configuration error). */
export function makeLimits(overrides: Partial<Limits> = {}): Limits {
  const merged: Limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(merged)) {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      !Number.isInteger(value)
    ) {
      throw new MlsecError('CORE_INVALID_LIMITS', `limit ${key} must be a non-negative integer`);
    }
  }
  return Object.freeze(merged);
}
