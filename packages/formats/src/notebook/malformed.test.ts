import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { NOTEBOOK_ISSUE_CODES } from './issue-codes.ts';
import { readNotebook } from './read-notebook.ts';

const SAMPLE = new TextEncoder().encode(
  JSON.stringify(
    {
      cells: [
        { cell_type: 'markdown', id: 'm', metadata: {}, source: ['# caf\u00e9\n', 'text'] },
        {
          cell_type: 'code',
          id: 'c',
          metadata: { tags: ['x'] },
          execution_count: 1,
          source: 'print("a\\"b")',
          outputs: [
            { output_type: 'stream', name: 'stdout', text: ['a"b\n'] },
            {
              output_type: 'error',
              ename: 'E',
              evalue: 'v',
              traceback: ['\u001b[0;31mE\u001b[0m: v'],
            },
            {
              output_type: 'display_data',
              metadata: {},
              data: { 'text/plain': 'x', 'image/png': 'AA==' },
            },
          ],
        },
      ],
      metadata: { kernelspec: { name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ),
);

describe('readNotebook on malformed input', () => {
  runMalformedSuite({
    name: 'readNotebook',
    parse: (bytes, limits) => readNotebook(bytes, limits),
    samples: [{ name: 'notebook', bytes: SAMPLE }],
    emptyCode: 'NOTEBOOK_EMPTY',
    truncation: 'fail',
    flips: { rounds: 1000 },
    tinyLimits: [
      makeLimits({ maxEntries: 2 }),
      makeLimits({ maxStringLength: 3 }),
      makeLimits({ maxOps: 10 }),
      makeLimits({ maxBytes: 16 }),
      makeLimits({ maxEntries: 0, maxStringLength: 0, maxOps: 0, maxDepth: 0 }),
    ],
    tinyLimitsReport: true,
  });

  it('lists in NOTEBOOK_ISSUE_CODES exactly the codes the reader uses', () => {
    const sources = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'issue-codes.ts')
      .map((f) => readFileSync(join(import.meta.dirname, f), 'utf8'))
      .join('\n');
    const used = new Set(sources.match(/'NOTEBOOK_[A-Z0-9_]+'/g)?.map((c) => c.slice(1, -1)));
    assert.deepEqual([...used].sort(), Object.keys(NOTEBOOK_ISSUE_CODES).sort());
  });
});
