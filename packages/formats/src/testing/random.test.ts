import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flipBytes, flipChars, prng, randomBytes } from './random.ts';

describe('prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number): number[] => Array.from({ length: 5 }, prng(seed));
    assert.deepEqual(take(42), take(42));
    assert.notDeepEqual(take(42), take(43));
    assert.ok(take(7).every((x) => x >= 0 && x < 1));
  });

  it('is mulberry32 (the generator the earlier per-folder copies used)', () => {
    assert.equal(Math.round(prng(0)() * 2 ** 32), 1144304738);
  });
});

describe('flipBytes', () => {
  it('changes at most `flips` bytes of a copy and leaves the input alone', () => {
    const input = new Uint8Array(64);
    const random = prng(1);
    for (let round = 0; round < 100; round++) {
      const out = flipBytes(input, random, 3);
      assert.equal(out.length, 64);
      assert.ok(out.filter((b) => b !== 0).length <= 3);
    }
    assert.ok(input.every((b) => b === 0));
  });

  it('keeps every flip inside the focus when its share is 1', () => {
    const random = prng(2);
    for (let round = 0; round < 100; round++) {
      const out = flipBytes(new Uint8Array(256), random, 4, { bytes: 8, share: 1 });
      assert.ok(out.subarray(8).every((b) => b === 0));
    }
  });

  it('returns empty input unchanged', () => {
    assert.equal(flipBytes(new Uint8Array(0), prng(3), 5).length, 0);
  });
});

describe('randomBytes', () => {
  it('returns the length asked for', () => {
    assert.equal(randomBytes(prng(4), 17).length, 17);
  });
});

describe('flipChars', () => {
  it('replaces at most `count` code points by letters of the alphabet', () => {
    const random = prng(5);
    for (let round = 0; round < 100; round++) {
      const out = flipChars('aaaaaaaaaa', random, 2, 'xy');
      assert.equal(out.length, 10);
      assert.ok([...out].filter((c) => c !== 'a').length <= 2);
      assert.match(out, /^[axy]+$/);
    }
  });
});
