import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPyValue } from './format-py.ts';
import { PyLiteralError, parsePyLiteral } from './py-literal.ts';

const OPTIONS = { maxDepth: 8, maxEntries: 100, maxStringLength: 100, allowLongSuffix: true };
const roundTrip = (text: string): string => formatPyValue(parsePyLiteral(text, OPTIONS));

describe('parsePyLiteral', () => {
  describe('when the text is a literal numpy writes', () => {
    it('reads dicts, tuples, lists, strings, ints and booleans', () => {
      assert.equal(
        roundTrip(
          "{'descr': [('a', '<i4'), (('t', 'n'), '<U2', (2,))], 'fortran_order': False, 'shape': (3, 4), }",
        ),
        "{'descr': [('a', '<i4'), (('t', 'n'), '<U2', (2,))], 'fortran_order': False, 'shape': (3, 4)}",
      );
    });
    it('tells a one-element tuple from a parenthesised value', () => {
      assert.equal(roundTrip('(3,)'), '(3,)');
      assert.equal(roundTrip('(3)'), '3');
      assert.equal(roundTrip('()'), '()');
    });
    it('accepts Python 2 long suffixes only when asked', () => {
      assert.equal(roundTrip('(3L, 4)'), '(3, 4)');
      assert.throws(
        () => parsePyLiteral('(3L,)', { ...OPTIONS, allowLongSuffix: false }),
        PyLiteralError,
      );
    });
    it('decodes escapes the way Python does, including octal', () => {
      assert.equal(roundTrip("'\\x4f'"), "'O'");
      assert.equal(roundTrip("'\\117'"), "'O'");
      assert.equal(roundTrip("u'\\u004f\\q'"), "'O\\\\q'");
    });
  });

  describe('when the text is not a plain literal', () => {
    for (const text of [
      "__import__('os').system('id')",
      "{'a': 1} # comment",
      "'a' 'b'",
      "'\\N{LATIN CAPITAL LETTER O}'",
      "b'O'",
      '1.5',
      '0x10',
      '007',
      "{'a': (1, 2}",
      '['.repeat(20) + ']'.repeat(20),
      "'unterminated",
    ]) {
      it(`refuses ${JSON.stringify(text).slice(0, 40)}`, () => {
        assert.throws(() => parsePyLiteral(text, OPTIONS), PyLiteralError);
      });
    }
    it('bounds string length and entries', () => {
      assert.throws(() => parsePyLiteral(`'${'a'.repeat(200)}'`, OPTIONS), /too long/);
      assert.throws(() => parsePyLiteral(`(${'1,'.repeat(200)})`, OPTIONS), /too many/);
    });
  });
});
