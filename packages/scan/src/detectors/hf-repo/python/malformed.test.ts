import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flipChars, prng } from '@mlsec/formats/testing';
import { collectImports, findDangerousUses, tokenizePython } from './index.ts';

const SAMPLE = [
  'import os, subprocess as sp',
  'from .utils import (helper as h,',
  '    other)',
  'def run(x):',
  '    """Doc with eval() inside."""',
  "    s = f'{os.popen(x)!r:>{w}} {{lit}}'",
  '    return sp.run([x], check=True) + b"\\x00" # tail',
  'torch.load(p, weights_only=True)',
].join('\n');

/** The whole pipeline the review runs on one file; must never throw. */
function review(source: string, maxTokens = 10_000): number {
  const { tokens } = tokenizePython(source, maxTokens);
  return findDangerousUses(tokens, collectImports(tokens)).length;
}

describe('Python review pipeline', () => {
  describe('when given empty input', () => {
    it('returns no tokens and no uses', () => {
      assert.deepEqual(tokenizePython('', 10).tokens, []);
      assert.equal(review(''), 0);
    });
  });

  describe('when the sample is cut at every point', () => {
    it('never throws and finds at most what the whole file has', () => {
      const whole = review(SAMPLE);
      assert.equal(whole, 2);
      for (let end = 0; end <= SAMPLE.length; end += 1) {
        assert.ok(review(SAMPLE.slice(0, end)) <= whole + 1, `cut at ${end}`);
      }
    });
  });

  describe('when random characters are flipped', () => {
    it('never throws (2000 seeded mutations)', () => {
      const random = prng(0x5eed);
      let total = 0;
      for (let n = 0; n < 2000; n += 1) total += review(flipChars(SAMPLE, random, 1 + (n % 5)));
      assert.ok(total >= 0);
    });
  });

  describe('when limits are overrun', () => {
    it('stops at the token limit with an issue', () => {
      const result = tokenizePython(SAMPLE.repeat(100), 50);
      assert.equal(result.tokens.length, 50);
      assert.equal(result.issues.at(-1)?.code, 'PY_TOO_MANY_TOKENS');
    });

    it('handles pathological nesting and unterminated constructs quickly', () => {
      const inputs = [
        '('.repeat(20_000),
        'f"'.concat('{'.repeat(20_000)),
        '"""'.concat('x'.repeat(20_000)),
        'a.'.repeat(10_000),
        "getattr(__builtins__, '".repeat(1000),
        'from '.concat('.'.repeat(5_000), ' import x'),
        'x'.repeat(50_000),
        'torch.load('.repeat(5_000),
        'import torch\n'.concat('torch.load('.repeat(5_000)),
        Array.from({ length: 2000 }, (_, i) => `import m${i} as a\n`)
          .join('')
          .concat('a.x()\n'.repeat(2000)),
        'from m import *\n'.repeat(2000).concat('f()\n'.repeat(2000)),
      ];
      const started = Date.now();
      for (const input of inputs) assert.ok(review(input, 1_000_000) >= 0);
      assert.ok(Date.now() - started < 5000);
    });
  });
});
