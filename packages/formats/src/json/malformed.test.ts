import { describe } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { PYTHON_JSON_LOADS } from './options.ts';
import type { JsonParseOptions } from './options.ts';
import { parseJson } from './parse-json.ts';

const SAMPLE = new TextEncoder().encode(
  JSON.stringify({
    __metadata__: { format: 'pt', note: 'caf\u00e9 \u2028 "q" \\ /' },
    weight: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24], scale: -1.5e-3 },
    flags: [true, false, null, 0, 1e300],
  }),
);

const DIALECTS: Readonly<Record<string, Omit<JsonParseOptions, 'maxDepth'>>> = {
  strict: {},
  'Python json.loads': PYTHON_JSON_LOADS,
  'prototype keys refused': { unsafeKeys: 'fail', nonFinite: 'null', allowBom: true },
};

for (const [dialect, options] of Object.entries(DIALECTS)) {
  describe(`parseJson (${dialect}) on malformed input`, () => {
    runMalformedSuite({
      name: `parseJson (${dialect})`,
      parse: (bytes, limits) =>
        parseJson(Buffer.from(bytes).toString('utf8'), {
          ...options,
          maxDepth: limits.maxDepth,
          maxEntries: limits.maxEntries,
          maxValues: limits.maxOps,
          maxStringLength: limits.maxStringLength,
        }),
      samples: [{ name: 'header', bytes: SAMPLE }],
      emptyCode: 'JSON_TRUNCATED',
      truncation: 'fail',
      flips: { rounds: 1000 },
      // Each bound the parser takes (the caller bounds the bytes it decodes, so not maxBytes).
      tinyLimits: [
        makeLimits({ maxEntries: 2 }),
        makeLimits({ maxStringLength: 3 }),
        makeLimits({ maxOps: 10 }),
        makeLimits({ maxDepth: 1 }),
      ],
      tinyLimitsReport: true,
    });
  });
}
