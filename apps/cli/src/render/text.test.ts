import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayWidth, safeText, truncate, wrap } from './text.ts';

describe('safeText', () => {
  it('escapes terminal escapes, line breaks and C1 controls', () => {
    assert.equal(safeText('a\u001b[31mb\nc\r\td\u0085'), 'a\\u001b[31mb\\nc\\r\\td\\u0085');
  });

  it('escapes bidi overrides, isolates and line separators (Trojan Source)', () => {
    assert.equal(safeText('x\u202ey\u2066z\u2028w\u200f'), 'x\\u202ey\\u2066z\\u2028w\\u200f');
  });

  it('escapes a lone surrogate but keeps a pair', () => {
    assert.equal(safeText('a\ud800b😀'), 'a\\ud800b😀');
  });

  it('keeps printable Unicode and backslashes intact', () => {
    assert.equal(safeText('café 模型 🚀 C:\\x "q"'), 'café 模型 🚀 C:\\x "q"');
  });
});

describe('displayWidth', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('模型'), 4);
    assert.equal(displayWidth('🚀'), 2);
    assert.equal(displayWidth('e\u0301'), 1);
  });
});

describe('truncate', () => {
  it('leaves text that fits', () => {
    assert.equal(truncate('abc', 3), 'abc');
  });

  it('cuts to the width with an ellipsis', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
  });

  it('never splits a wide character across the limit', () => {
    const cut = truncate('模型模型', 4);
    assert.equal(cut, '模…');
    assert.ok(displayWidth(cut) <= 4);
  });
});

describe('wrap', () => {
  describe('when words fit', () => {
    it('fills lines greedily', () => {
      assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
    });
  });

  describe('when a word is wider than the line', () => {
    it('breaks the word', () => {
      assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    });
  });

  describe('when a long path has to be broken', () => {
    it('breaks after a slash', () => {
      assert.deepEqual(wrap('fixtures/samples/malicious/x.pkl', 20), [
        'fixtures/samples/',
        'malicious/x.pkl',
      ]);
    });
  });

  describe('when there are more lines than allowed', () => {
    it('keeps maxLines and marks the cut', () => {
      assert.deepEqual(wrap('aa b ccccc', 6, 1), ['aa b …']);
    });

    it('replaces the last column when the marker does not fit', () => {
      assert.deepEqual(wrap('aaaa bbbb cccc', 4, 2), ['aaaa', 'bbb…']);
    });
  });

  it('returns one empty line for empty text', () => {
    assert.deepEqual(wrap('', 10), ['']);
  });

  it('never returns a line wider than the width', () => {
    const text =
      'models/模型/🚀🚀🚀 weights.pkl › archive/data.pkl a-very-long-member-name-without-spaces a/模b/c模模/d';
    for (let width = 2; width < 30; width++) {
      for (const line of [...wrap(text, width), ...wrap(text, width, 3)])
        assert.ok(displayWidth(line) <= width, `${width}: ${line}`);
    }
  });
});
