import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { parseSafetensors } from './parse-safetensors.ts';
import { buildSafetensors, validSafetensors } from './testing/build-safetensors.ts';

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function mustNotThrow(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseSafetensors(memorySource(bytes), limits);
  if (!result.ok)
    assert.ok(
      result.issues.some((i) => i.fatal),
      'a failed parse has a fatal issue',
    );
  return result;
}

describe('parseSafetensors on malformed input', () => {
  const sample = validSafetensors();

  it('reports empty input', async () => {
    const result = await mustNotThrow(new Uint8Array(0));
    assert.equal(result.ok, false);
    assert.equal(result.issues[0]?.code, 'SAFETENSORS_TRUNCATED');
  });

  it('reports every truncation of a valid file', async () => {
    for (let n = 0; n < sample.length; n++) {
      const result = await mustNotThrow(sample.subarray(0, n));
      assert.ok(result.issues.length > 0, `truncated at ${n}`);
    }
  });

  it('never throws on random byte flips', async () => {
    const random = prng(0x5afe);
    for (let round = 0; round < 3000; round++) {
      const bytes = sample.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      await mustNotThrow(bytes);
    }
  });

  it('reports huge length claims and limit overruns instead of allocating', async () => {
    for (const length of [2n ** 64n - 1n, 2n ** 53n, 10n * 1024n ** 3n, 101_000_000n]) {
      const result = await mustNotThrow(buildSafetensors({ header: {}, length }));
      assert.equal(result.ok, false);
    }
    const wide = buildSafetensors({
      header: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [
          `t${i}`,
          { dtype: 'U8', shape: [0], data_offsets: [0, 0] },
        ]),
      ),
    });
    const limited = await mustNotThrow(wide, makeLimits({ maxEntries: 5 }));
    assert.equal(limited.issues[0]?.code, 'SAFETENSORS_LIMIT_EXCEEDED');
    const long = buildSafetensors({ header: { __metadata__: { a: 'x'.repeat(100) } } });
    const short = await mustNotThrow(long, makeLimits({ maxStringLength: 10 }));
    assert.equal(short.issues[0]?.code, 'SAFETENSORS_LIMIT_EXCEEDED');
  });
});
