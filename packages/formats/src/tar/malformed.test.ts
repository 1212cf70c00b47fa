import { describe } from 'node:test';
import { makeLimits, memorySource } from '@mlsec/core';
import { TINY_LIMITS, runMalformedSuite } from '../testing/index.ts';
import { openTar } from './open-tar.ts';
import { buildTar } from './testing/build-tar.ts';

const SAMPLE = buildTar([
  { name: 'model/data.pkl', data: 'PICKLE', pax: { path: 'model/data.pkl' } },
  { name: `long/${'n'.repeat(120)}`, data: 'x', gnuLong: true },
  { name: 'link', type: '2', linkName: 'model/data.pkl' },
]);

describe('openTar on malformed input', () => {
  runMalformedSuite({
    name: 'openTar',
    parse: (bytes, limits) => openTar(memorySource(bytes), limits),
    samples: [{ name: 'PAX and GNU long-name', bytes: SAMPLE }],
    emptyCode: 'TRUNCATED',
    // A cut on a 512-byte block boundary leaves a shorter archive that may still be read.
    truncation: 'survive',
    flips: { rounds: 2000, maxFlips: 3, seed: 99 },
    tinyLimits: [...TINY_LIMITS, makeLimits({ maxEntries: 1, maxStringLength: 8 })],
  });
});
