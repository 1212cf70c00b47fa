import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMemberName } from './member-name.ts';

const codes = (name: string): string[] => checkMemberName(name).map((i) => i.code);

describe('checkMemberName', () => {
  it('accepts ordinary relative names', () => {
    assert.deepEqual(codes('archive/data.pkl'), []);
    assert.deepEqual(codes('weird root name!/data..pkl'), []);
  });
  it('reports traversal, absolute paths, backslashes and control characters', () => {
    assert.deepEqual(codes('a/../../b'), ['NAME_TRAVERSAL']);
    assert.deepEqual(codes('\\\\server\\share'), ['NAME_ABSOLUTE', 'NAME_BACKSLASH']);
    assert.deepEqual(codes('d:evil'), ['NAME_ABSOLUTE']);
    assert.deepEqual(codes('a\u0007b'), ['NAME_CONTROL']);
  });
  it('escapes the name in messages', () => {
    const [first] = checkMemberName('../\u001b[31mred');
    assert.ok(first?.message.includes('\\u001b'));
  });
});
