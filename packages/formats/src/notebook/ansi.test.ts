import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripAnsi, stripAnsiMapped } from './ansi.ts';

const SAMPLES = [
  '',
  'plain text',
  '\u001b[0;31mHTTPError\u001b[0m: 401',
  '\u001b]8;;https://example.org\u0007link\u001b]8;;\u0007 after',
  'lone \u001b escape and \u009b31m CSI',
  '\u001b[1m\u001b[31m',
];

describe('stripAnsiMapped', () => {
  it('strips exactly what stripAnsi strips', () => {
    for (const sample of SAMPLES) assert.equal(stripAnsiMapped(sample).text, stripAnsi(sample));
  });

  it('maps every kept character to the same character of the original', () => {
    for (const sample of SAMPLES) {
      const { text, map } = stripAnsiMapped(sample);
      assert.equal(map.length, text.length);
      [...text].forEach((ch, i) => assert.equal(sample[map[i] ?? -1], ch));
      for (let i = 1; i < map.length; i++) assert.ok((map[i] ?? 0) > (map[i - 1] ?? 0));
    }
  });

  it('maps a span inside coloured text to the original offsets', () => {
    const original = '\u001b[32mtoken=\u001b[0mabc';
    const { text, map } = stripAnsiMapped(original);
    const at = text.indexOf('abc');
    assert.equal(original.slice(map[at], (map[at + 2] ?? 0) + 1), 'abc');
  });
});
