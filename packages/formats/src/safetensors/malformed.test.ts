import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { assertWellFormed, runMalformedSuite } from '../testing/index.ts';
import { parseSafetensors } from './parse-safetensors.ts';
import { buildSafetensors, validSafetensors } from './testing/build-safetensors.ts';

async function parse(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseSafetensors(memorySource(bytes), limits);
  assertWellFormed(result, 'parseSafetensors');
  return result;
}

describe('parseSafetensors on malformed input', () => {
  runMalformedSuite({
    name: 'parseSafetensors',
    parse,
    samples: [{ name: 'two-tensor', bytes: validSafetensors() }],
    emptyCode: 'SAFETENSORS_TRUNCATED',
    flips: { rounds: 3000, seed: 0x5afe },
  });

  it('reports huge length claims and limit overruns instead of allocating', async () => {
    for (const length of [2n ** 64n - 1n, 2n ** 53n, 10n * 1024n ** 3n, 101_000_000n]) {
      const result = await parse(buildSafetensors({ header: {}, length }));
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
    const limited = await parse(wide, makeLimits({ maxEntries: 5 }));
    assert.equal(limited.issues[0]?.code, 'SAFETENSORS_LIMIT_EXCEEDED');
    const long = buildSafetensors({ header: { __metadata__: { a: 'x'.repeat(100) } } });
    const short = await parse(long, makeLimits({ maxStringLength: 10 }));
    assert.equal(short.issues[0]?.code, 'SAFETENSORS_LIMIT_EXCEEDED');
  });
});
