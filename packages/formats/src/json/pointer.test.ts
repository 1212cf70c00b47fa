import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonPointer, pointerOf } from './pointer.ts';

describe('jsonPointer', () => {
  it('writes the root as the empty string and escapes ~ and / (RFC 6901)', () => {
    assert.equal(jsonPointer([]), '');
    assert.equal(jsonPointer(['a', 0, 'b/c~d']), '/a/0/b~1c~0d');
  });

  it('agrees with pointerOf step by step', () => {
    assert.equal(pointerOf(pointerOf('', 'a'), 0), jsonPointer(['a', 0]));
  });
});
