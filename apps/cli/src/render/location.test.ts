import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLocation, memberChain } from './location.ts';

describe('formatLocation', () => {
  it('joins path and members with ›', () => {
    assert.equal(
      formatLocation({ path: 'a.tar', member: ['b.zip', 'c.pkl'] }),
      'a.tar › b.zip › c.pkl',
    );
  });

  it('prefers the line to the offset', () => {
    assert.equal(formatLocation({ path: 'a.py', line: 3, column: 7, offset: 99 }), 'a.py:3:7');
    assert.equal(formatLocation({ path: 'a.pkl', offset: 0 }), 'a.pkl @0');
  });

  it('adds the JSON pointer as a fragment and the notebook cell', () => {
    assert.equal(formatLocation({ path: 'c.json', pointer: '/a/0' }), 'c.json#/a/0');
    assert.equal(formatLocation({ path: 'n.ipynb', cell: 4, line: 1 }), 'n.ipynb (cell 4):1');
  });

  describe('when positions are not positive integers', () => {
    it('leaves them out', () => {
      assert.equal(formatLocation({ path: 'a', line: 0, column: 2, offset: -1 }), 'a');
      assert.equal(formatLocation({ path: 'a', line: 1.5, offset: Number.NaN }), 'a');
    });
  });

  describe('when names are hostile', () => {
    it('escapes control characters in the path, members and pointer', () => {
      const text = formatLocation({ path: 'x\u001b[2J', member: ['y\nz'], pointer: '/\u202e' });
      assert.equal(text, 'x\\u001b[2J › y\\nz#/\\u202e');
    });
  });
});

describe('memberChain', () => {
  it('is empty without members', () => {
    assert.equal(memberChain({ path: 'a' }), '');
  });
});
