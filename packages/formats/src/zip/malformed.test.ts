import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits, memorySource } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { readEntry } from './extract.ts';
import { openZip } from './open-zip.ts';
import { buildZip } from './testing/build-zip.ts';
import type { ZipArchive } from './types.ts';

const SAMPLE = buildZip([
  { name: 'archive/data.pkl', data: '\x80\x02}q\x00.' },
  { name: 'archive/data/0', data: 'tensor '.repeat(10), method: 8 },
  { name: 'archive/version', data: '3\n' },
]);
const SAMPLE64 = buildZip([{ name: 'a', data: 'hello', method: 8 }], { zip64: true, comment: 'c' });

/** Open, then read every member: nothing may throw, and a failed read must carry issues. */
async function openAndRead(bytes: Uint8Array, limits: Limits): Promise<ParseResult<ZipArchive>> {
  const result = await openZip(memorySource(bytes), limits);
  if (result.ok) {
    for (const entry of result.value.entries) {
      const content = await readEntry(result.value, entry, { maxBytes: 4096 });
      if (!content.ok) assert.ok(content.issues.length > 0);
    }
  }
  return result;
}

describe('openZip on malformed input', () => {
  runMalformedSuite({
    name: 'openZip',
    parse: openAndRead,
    samples: [
      { name: 'small zip', bytes: SAMPLE },
      { name: 'ZIP64 zip', bytes: SAMPLE64 },
    ],
    emptyCode: 'NO_END_RECORD',
    flips: { rounds: 2500, maxFlips: 3, seed: 0x21 },
    randomBuffers: { maxLength: 200, seed: 7 },
  });

  it('reports limit overruns instead of throwing', async () => {
    const tiny = await openAndRead(SAMPLE, makeLimits({ maxBytes: 1 }));
    assert.equal(tiny.ok, false);
    assert.ok(tiny.issues.length > 0);
    const few = await openAndRead(SAMPLE, makeLimits({ maxEntries: 0, maxStringLength: 1 }));
    assert.equal(few.ok, true);
  });
});
