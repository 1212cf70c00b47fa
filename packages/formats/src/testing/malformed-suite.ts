import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { below, flipBytes, prng, randomBytes } from './random.ts';
import type { FlipFocus } from './random.ts';
import { assertWellFormed } from './well-formed.ts';

/** The parser under test: it may do more (read members, analyse) and assert its own invariants. */
export type ParseUnderTest<T> = (
  bytes: Uint8Array,
  limits: Limits,
) => ParseResult<T> | Promise<ParseResult<T>>;

/** A small valid input that the suite cuts and mutates. */
export interface MalformedSample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Cut at every `stride`th offset only (large samples); 1, every offset, by default. */
  readonly stride?: number;
  /** What a cut of this sample gives, when it differs from the suite's `truncation`. */
  readonly truncation?: Truncation;
}

/**
 * What every cut of a sample gives: 'fail' (not ok), 'issues' (at least one issue) or 'survive' (only
 * well-formed: formats where a cut may still end on a complete record).
 */
export type Truncation = 'fail' | 'issues' | 'survive';

/** How to run the shared malformed-input cases against one parser. */
export interface MalformedSuiteOptions<T> {
  /** The parser's name, for messages. */
  readonly name: string;
  readonly parse: ParseUnderTest<T>;
  readonly samples: readonly MalformedSample[];
  /** Limits of every run except the tiny-limits one (DEFAULT_LIMITS by default). */
  readonly limits?: Limits;
  /** Code the first issue on empty input must have (empty input always fails). */
  readonly emptyCode?: string;
  /** What every cut of a sample gives ('issues' by default). */
  readonly truncation?: Truncation;
  /** A further check of each cut's result (e.g. that a partial analysis is kept). */
  readonly onTruncated?: (result: ParseResult<T>, at: number, sample: MalformedSample) => void;
  /** Seeded byte flips: `rounds` per sample of 1 to `maxFlips` flips (defaults 2000 and 4). */
  readonly flips?: {
    readonly rounds?: number;
    readonly maxFlips?: number;
    readonly seed?: number;
    readonly focus?: FlipFocus;
  };
  /**
   * Random buffers of 1 to `maxLength` bytes (defaults 200 and 256; count 0 turns them off); `prefix`
   * may start a buffer with a magic number so that the parser gets past its first check.
   */
  readonly randomBuffers?: {
    readonly count?: number;
    readonly maxLength?: number;
    readonly seed?: number;
    readonly prefix?: (round: number) => Uint8Array | undefined;
  };
  /** Limits every sample is parsed under; TINY_LIMITS by default. */
  readonly tinyLimits?: readonly Limits[];
  /** When true, every sample must report at least one issue under each of the tiny limits. */
  readonly tinyLimitsReport?: boolean;
  /** A failed result must carry a fatal issue (true by default). */
  readonly fatalOnFailure?: boolean;
  /** Per-case timeout, so a parser that hangs fails the case instead of stalling the run. */
  readonly timeoutMs?: number;
}

/** Limits far below any real file: each parser must report them, not crash or allocate past them. */
export const TINY_LIMITS: readonly Limits[] = [
  makeLimits({ maxEntries: 0 }),
  makeLimits({ maxStringLength: 1 }),
  makeLimits({ maxOps: 10 }),
  makeLimits({ maxBytes: 16, maxDecompressedBytes: 16 }),
  makeLimits({ maxEntries: 0, maxStringLength: 0, maxOps: 0, maxDepth: 0 }),
];

/**
 * Register the shared malformed-input cases (style.md: one conformance suite for every parser) in the
 * current node:test suite: empty input, every truncation point of each sample, seeded byte flips, random
 * buffers and tiny limits. Every result must be a well-formed ParseResult; nothing may throw or hang.
 *
 * @example
 * describe('parseNpy on malformed input', () => {
 *   runMalformedSuite({
 *     name: 'parseNpy',
 *     parse: (bytes, limits) => parseNpy(memorySource(bytes), limits),
 *     samples: [{ name: 'float32', bytes: validNpy() }],
 *     emptyCode: 'NUMPY_TRUNCATED',
 *   });
 *   it('reports a header length past the file', …); // format-specific cases follow
 * });
 */
export function runMalformedSuite<T>(options: MalformedSuiteOptions<T>): void {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const fatal = options.fatalOnFailure ?? true;
  const timeout = options.timeoutMs ?? 120_000;
  const run = async (
    bytes: Uint8Array,
    where: string,
    runLimits: Limits = limits,
  ): Promise<ParseResult<T>> => {
    const result = await options.parse(bytes, runLimits);
    assertWellFormed(result, `${options.name}: ${where}`, fatal);
    return result;
  };

  describe('when the samples are intact', () => {
    it('parses each of them', { timeout }, async () => {
      for (const sample of options.samples) {
        const result = await run(sample.bytes, sample.name);
        assert.equal(result.ok, true, `${sample.name}: ${JSON.stringify(result.issues)}`);
      }
    });
  });

  describe('when the input is empty', () => {
    it(`reports ${options.emptyCode ?? 'it'}`, { timeout }, async () => {
      const result = await run(new Uint8Array(0), 'empty input');
      assert.equal(result.ok, false);
      if (options.emptyCode !== undefined) assert.equal(result.issues[0]?.code, options.emptyCode);
    });
  });

  for (const sample of options.samples) {
    const stride = sample.stride ?? 1;
    const mode = sample.truncation ?? options.truncation ?? 'issues';
    describe(`when the ${sample.name} sample is cut short`, () => {
      const every = stride === 1 ? 'every offset' : `every ${stride}th offset`;
      const expect = mode === 'fail' ? 'fails' : mode === 'issues' ? 'reports issues' : 'survives';
      it(`${expect} at ${every}`, { timeout }, async () => {
        for (let at = 1; at < sample.bytes.length; at += stride) {
          const where = `${sample.name} cut at ${at}`;
          const result = await run(sample.bytes.subarray(0, at), where);
          if (mode === 'fail') assert.equal(result.ok, false, where);
          if (mode === 'issues') assert.ok(result.issues.length > 0, where);
          options.onTruncated?.(result, at, sample);
        }
      });
    });
  }

  const flips = options.flips ?? {};
  const rounds = flips.rounds ?? 2000;
  options.samples.forEach((sample, index) => {
    describe(`when bytes of the ${sample.name} sample are flipped`, () => {
      it(`never throws over ${rounds} seeded mutations`, { timeout }, async () => {
        const random = prng((flips.seed ?? 0x5eed) + index);
        for (let round = 0; round < rounds; round++) {
          const count = 1 + below(random, flips.maxFlips ?? 4);
          const bytes = flipBytes(sample.bytes, random, count, flips.focus);
          await run(bytes, `${sample.name} mutation ${round}`);
        }
      });
    });
  });

  const buffers = options.randomBuffers ?? {};
  const count = buffers.count ?? 200;
  if (count > 0) {
    describe('when the input is random bytes', () => {
      it(`never throws over ${count} buffers`, { timeout }, async () => {
        const random = prng(buffers.seed ?? 42);
        for (let round = 0; round < count; round++) {
          const bytes = randomBytes(random, 1 + below(random, buffers.maxLength ?? 256));
          const prefix = buffers.prefix?.(round);
          if (prefix !== undefined) bytes.set(prefix.subarray(0, bytes.length));
          await run(bytes, `random buffer ${round}`);
        }
      });
    });
  }

  describe('when limits are tiny', () => {
    const report = options.tinyLimitsReport === true;
    it(report ? 'reports issues on every sample' : 'never throws', { timeout }, async () => {
      for (const tiny of options.tinyLimits ?? TINY_LIMITS) {
        for (const sample of options.samples) {
          const where = `${sample.name} under ${JSON.stringify(tiny)}`;
          const result = await run(sample.bytes, where, tiny);
          if (report) assert.ok(result.issues.length > 0, where);
        }
      }
    });
  });
}
