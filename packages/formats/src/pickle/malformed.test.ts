import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { analysePickle } from './analyse.ts';
import { disassemble } from './disassemble.ts';
import { everyOpcodePickle } from './testing/every-opcode.ts';
import { joblibPickle } from './testing/joblib-builder.ts';
import { latin1Bytes, pickle } from './testing/pickle-builder.ts';

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVIL_P2 = pickle()
  .proto(2)
  .global('posix', 'system')
  .str('id')
  .op('TUPLE1')
  .op('REDUCE')
  .stop()
  .build();
const SAMPLES: Record<string, Uint8Array> = {
  'every opcode': everyOpcodePickle(),
  'protocol 0': latin1Bytes(
    "cos\nsystem\n(S'echo hi'\ntR(I1\nF2.5\nL3L\nV\\u0041\np0\ng0\nltp1\n.",
  ),
  'joblib aligned': joblibPickle({ dtype: 'f8', shape: [2], alignment: 16 }, [
    3,
    0xff,
    0xff,
    0xff,
    ...new Array<number>(16).fill(1),
  ]),
  'joblib objects': joblibPickle({ dtype: 'O8', shape: [1], flags: 63 }, EVIL_P2),
};

/** Analyse and disassemble; neither may throw or report an internal error. */
function check(
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
): ReturnType<typeof analysePickle> {
  const result = analysePickle(bytes, { limits });
  assert.ok(
    !result.issues.some((i) => i.code === 'PICKLE_INTERNAL_ERROR'),
    JSON.stringify(result.issues),
  );
  disassemble(bytes, { limits, maxLines: 50 });
  return result;
}

describe('analysePickle on malformed input', () => {
  it('reports empty input', () => {
    const result = check(new Uint8Array(0));
    assert.equal(result.ok, false);
    assert.equal(result.issues[0]?.code, 'PICKLE_EMPTY');
  });

  for (const [name, sample] of Object.entries(SAMPLES)) {
    describe(`when the ${name} sample is cut at every offset`, () => {
      it('fails with a fatal issue and keeps a partial analysis', () => {
        assert.equal(check(sample).ok, true, 'the whole sample is valid');
        for (let n = 1; n < sample.length; n++) {
          const result = check(sample.subarray(0, n));
          assert.equal(result.ok, false, `cut at ${n}`);
          assert.ok(
            result.issues.some((i) => i.fatal === true),
            `cut at ${n}`,
          );
          assert.ok(result.partial !== undefined, `cut at ${n}`);
        }
      });
    });

    describe(`when bytes of the ${name} sample are flipped`, () => {
      it('never throws over 600 seeded mutations', () => {
        const random = prng(name.length * 7919);
        for (let round = 0; round < 600; round++) {
          const bytes = Uint8Array.from(sample);
          const flips = 1 + Math.floor(random() * 4);
          for (let f = 0; f < flips; f++)
            bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
          const result = check(bytes);
          assert.ok(result.ok || result.issues.length > 0);
        }
      });
    });
  }

  describe('when the input is random bytes', () => {
    it('never throws over 600 buffers, with or without a PROTO header', () => {
      const random = prng(42);
      for (let round = 0; round < 600; round++) {
        const bytes = new Uint8Array(1 + Math.floor(random() * 300));
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
        if (round % 2 === 0 && bytes.length > 1) bytes.set([0x80, round % 6], 0);
        const result = check(bytes);
        assert.ok(result.ok || result.issues.length > 0);
      }
    });
  });

  describe('when limits are tiny', () => {
    it('reports issues on every sample without throwing', () => {
      const tight = [
        makeLimits({ maxOps: 10 }),
        makeLimits({ maxEntries: 3 }),
        makeLimits({ maxStringLength: 2 }),
        makeLimits({ maxOps: 0, maxEntries: 0, maxStringLength: 0 }),
      ];
      for (const limits of tight) {
        for (const [name, sample] of Object.entries(SAMPLES)) {
          const result = check(sample, limits);
          assert.ok(result.issues.length > 0, name);
        }
      }
    });
  });
});
