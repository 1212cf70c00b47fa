import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { flipBytes, prng } from '../compression/testing/prng.ts';
import { readEntry } from './extract.ts';
import { openZip } from './open-zip.ts';
import { buildZip } from './testing/build-zip.ts';

const SAMPLE = buildZip([
  { name: 'archive/data.pkl', data: '\x80\x02}q\x00.' },
  { name: 'archive/data/0', data: 'tensor '.repeat(10), method: 8 },
  { name: 'archive/version', data: '3\n' },
]);
const SAMPLE64 = buildZip([{ name: 'a', data: 'hello', method: 8 }], { zip64: true, comment: 'c' });

/** Open, then read every member: nothing may throw, and a failed result must carry issues. */
async function survives(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<boolean> {
  const result = await openZip(memorySource(bytes), limits);
  if (!result.ok) {
    assert.ok(result.issues.length > 0);
    return false;
  }
  for (const entry of result.value.entries) {
    const content = await readEntry(result.value, entry, { maxBytes: 4096 });
    if (!content.ok) assert.ok(content.issues.length > 0);
  }
  return true;
}

describe('openZip on malformed input', () => {
  it('reports empty input', async () => {
    assert.equal(await survives(new Uint8Array(0)), false);
  });
  for (const [label, sample] of [
    ['a small zip', SAMPLE],
    ['a ZIP64 zip', SAMPLE64],
  ] as const) {
    describe(label, () => {
      it('never throws at any truncation point', async () => {
        for (let n = 0; n < sample.length; n++) await survives(sample.subarray(0, n));
      });
      it('never throws on random byte flips', async () => {
        const random = prng(0x21);
        for (let i = 0; i < 2500; i++) await survives(flipBytes(sample, random, 1 + (i % 3)));
      });
    });
  }
  it('reports random bytes', async () => {
    const random = prng(7);
    for (let i = 0; i < 200; i++) {
      const noise = Uint8Array.from({ length: Math.floor(random() * 200) }, () =>
        Math.floor(random() * 256),
      );
      await survives(noise);
    }
  });
  it('reports limit overruns instead of throwing', async () => {
    assert.equal(await survives(SAMPLE, makeLimits({ maxBytes: 1 })), false);
    assert.equal(await survives(SAMPLE, makeLimits({ maxEntries: 0, maxStringLength: 1 })), true);
  });
});
