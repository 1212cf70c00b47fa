import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { flipBytes, prng } from '../compression/testing/prng.ts';
import { openTar } from './open-tar.ts';
import { buildTar } from './testing/build-tar.ts';

const SAMPLE = buildTar([
  { name: 'model/data.pkl', data: 'PICKLE', pax: { path: 'model/data.pkl' } },
  { name: `long/${'n'.repeat(120)}`, data: 'x', gnuLong: true },
  { name: 'link', type: '2', linkName: 'model/data.pkl' },
]);

async function survives(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<boolean> {
  const result = await openTar(memorySource(bytes), limits);
  if (!result.ok) assert.ok(result.issues.length > 0);
  return result.ok;
}

describe('openTar on malformed input', () => {
  it('reports empty input', async () => {
    assert.equal(await survives(new Uint8Array(0)), false);
  });
  it('never throws at any truncation point', async () => {
    for (let n = 0; n < SAMPLE.length; n++) await survives(SAMPLE.subarray(0, n));
  });
  it('never throws on random byte flips in the headers', async () => {
    const random = prng(99);
    for (let i = 0; i < 2000; i++) await survives(flipBytes(SAMPLE, random, 1 + (i % 3)));
  });
  it('reports limit overruns instead of throwing', async () => {
    await survives(SAMPLE, makeLimits({ maxEntries: 0 }));
    await survives(SAMPLE, makeLimits({ maxStringLength: 1 }));
  });
});
