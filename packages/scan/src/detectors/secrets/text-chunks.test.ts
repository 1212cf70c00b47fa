import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySource } from '@mlsec/core';
import { readTextChunks } from './text-chunks.ts';

async function chunks(text: string, chunk: number, overlap: number, max = Infinity) {
  const out = [];
  const bytes = new TextEncoder().encode(text);
  for await (const c of readTextChunks(memorySource(bytes), max, chunk, overlap)) out.push(c);
  return out;
}

describe('readTextChunks', () => {
  it('returns a small text whole', async () => {
    assert.deepEqual(await chunks('a\nb\n', 64, 8), [{ text: 'a\nb\n', firstLine: 1 }]);
  });

  it('cuts after newlines, overlaps, and keeps line numbers right', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`);
    const got = await chunks(`${lines.join('\n')}\n`, 256, 64);
    assert.ok(got.length > 5);
    for (const c of got) {
      const first = c.text.split('\n')[0];
      assert.equal(first, `line ${c.firstLine}`, 'first line matches its number');
    }
    // Every line is in some chunk, and consecutive chunks overlap.
    const seen = new Set(got.flatMap((c) => c.text.split('\n').filter(Boolean)));
    assert.equal(seen.size, 200);
    for (let i = 1; i < got.length; i++)
      assert.ok(
        got[i]!.firstLine < got[i - 1]!.firstLine + got[i - 1]!.text.split('\n').length - 1,
      );
  });

  it('sees a multi-line block near a cut whole in one chunk', async () => {
    const block = ['BEGIN', 'x'.repeat(30), 'y'.repeat(30), 'END'].join('\n');
    const text = `${'filler line\n'.repeat(20)}${block}\n${'filler line\n'.repeat(20)}`;
    const got = await chunks(text, 256, 128);
    assert.ok(got.some((c) => c.text.includes(block)));
  });

  it('makes progress on a line longer than a chunk, and stops at the byte limit', async () => {
    const got = await chunks(`${'z'.repeat(1000)}\nend\n`, 100, 40);
    assert.equal(
      got
        .map((c) => c.text)
        .join('')
        .replace(/\n/g, '').length >= 1003,
      true,
    );
    const limited = await chunks('abcdef\n'.repeat(100), 64, 16, 70);
    assert.ok(limited.every((c) => c.text.length <= 64));
    assert.ok(limited.map((c) => c.text).join('').length <= 70 * 2);
  });
});
