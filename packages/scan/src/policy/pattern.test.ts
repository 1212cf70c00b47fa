import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeClass, MAX_PATTERN_LENGTH, parsePattern } from './pattern.ts';
import { ALLOW_SYNTAX, CONFIG_SYNTAX, DENY_SYNTAX } from './policy-options.ts';

function canonical(text: string, syntax = ALLOW_SYNTAX): string {
  const parsed = parsePattern(text, syntax);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.error}`);
  return parsed.pattern.text;
}

function rejects(text: string, syntax = ALLOW_SYNTAX): string {
  const parsed = parsePattern(text, syntax);
  assert.equal(parsed.ok, false, `${text} should be rejected`);
  return parsed.ok ? '' : parsed.error;
}

describe('parsePattern', () => {
  describe('when the pattern is well formed', () => {
    it('accepts exact names, module wildcards and class wildcards', () => {
      assert.equal(canonical('torch._utils._rebuild_tensor_v2'), 'torch._utils._rebuild_tensor_v2');
      assert.equal(canonical('subprocess.*'), 'subprocess.*');
      assert.equal(canonical('sklearn.*:class'), 'sklearn.*:class');
    });

    it('reports the parts of the pattern', () => {
      const parsed = parsePattern('sklearn.linear_model.*:class', ALLOW_SYNTAX);
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.pattern.path, ['sklearn', 'linear_model']);
      assert.equal(parsed.pattern.wildcard, true);
      assert.equal(parsed.pattern.classesOnly, true);
    });

    it('normalises aliases the way globals are normalised', () => {
      assert.equal(canonical('posix.system', DENY_SYNTAX), 'os.system');
      assert.equal(canonical('nt.*', DENY_SYNTAX), 'os.*');
      assert.equal(canonical('__builtin__.eval', DENY_SYNTAX), 'builtins.eval');
      assert.equal(
        canonical('numpy._core.multiarray._reconstruct'),
        'numpy.core.multiarray._reconstruct',
      );
    });

    it('accepts a bare module in module lists only', () => {
      assert.equal(canonical('keras', CONFIG_SYNTAX), 'keras');
      assert.match(rejects('os', DENY_SYNTAX), /module alone/);
    });
  });

  describe('when the pattern is malformed', () => {
    it('rejects empty, bare-wildcard and over-long patterns', () => {
      assert.match(rejects(''), /empty/);
      assert.match(rejects('*'), /bare wildcard/);
      assert.match(rejects(`a.${'b'.repeat(MAX_PATTERN_LENGTH)}`), /longer than/);
    });

    it('rejects wildcards anywhere but the end', () => {
      assert.match(rejects('os.*.system'), /not the last segment/);
      assert.match(rejects('*.system'), /not the last segment/);
    });

    it('rejects segments that are not Python identifiers', () => {
      for (const text of [
        'os..system',
        '.os',
        'os.',
        'os.sys tem',
        '1os.system',
        'os.sys-tem',
        'ós.x',
      ]) {
        assert.match(rejects(text), /identifier/, text);
      }
    });

    it('rejects :class on exact patterns and in deny lists', () => {
      assert.match(rejects('sklearn.Pipeline:class'), /without a trailing/);
      assert.match(rejects('sklearn.*:class', DENY_SYNTAX), /only allow patterns/);
    });

    it('never echoes the input in its error', () => {
      assert.ok(!rejects('evil\u0007pattern').includes('evil'));
    });
  });
});

describe('looksLikeClass', () => {
  it('accepts CapWords names and Cython unpickle helpers', () => {
    for (const name of ['Pipeline', 'KDTree', 'MT19937', '__pyx_unpickle_CyHalfSquaredError']) {
      assert.ok(looksLikeClass(name), name);
    }
  });

  it('rejects functions and private names', () => {
    for (const name of ['fetch_openml', '_reconstruct', 'newObj', '__init__', '_Private']) {
      assert.ok(!looksLikeClass(name), name);
    }
  });
});
