import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { analysePickle, evaluateJoblib, evaluatePickle } from './analyse.ts';
import { wrapperAttributes } from './joblib.ts';
import { joblibPickle, pushWrapper } from './testing/joblib-builder.ts';
import { pickle } from './testing/pickle-builder.ts';
import type { CallValue, PickleValue } from './values.ts';

// joblib.dump({'weight': <f4 (2,3), 'bias': <f8 (2,), 'counts': <i4 (3,), 'mask': bool (2,)}) by joblib
// 1.2.0 (fixtures/convert/generate.py).
const ARRAYS = readFileSync(new URL('../../../../fixtures/convert/arrays.joblib', import.meta.url));

function dictOf(value: PickleValue): Map<string, PickleValue> {
  assert.equal(value.kind, 'dict');
  const out = new Map<string, PickleValue>();
  const items = value.kind === 'dict' ? value.items : [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    const item = items[i + 1];
    if (key?.kind === 'str' && item !== undefined) out.set(key.value, item);
  }
  return out;
}

describe('evaluateJoblib', () => {
  describe('when the dump is a dict of arrays written by joblib 1.2', () => {
    const result = evaluateJoblib(ARRAYS, DEFAULT_LIMITS);

    it('returns the dict with each array as an opaque ndarray naming its joblibArrays entry', () => {
      assert.ok(result.ok, JSON.stringify(result.issues));
      const dict = dictOf(result.value.root);
      assert.deepEqual([...dict.keys()], ['weight', 'bias', 'counts', 'mask']);
      assert.deepEqual(
        [...dict.values()],
        [0, 1, 2, 3].map((joblibArray) => ({ kind: 'opaque', what: 'ndarray', joblibArray })),
      );
      assert.deepEqual(
        result.value.analysis.joblibArrays.map((a) => [a.dtype, a.shape]),
        [
          ['f4', [2, 3]],
          ['f8', [2]],
          ['i4', [3]],
          ['b1', [2]],
        ],
      );
    });

    it('returns each wrapper, whose attributes hold the subclass, order and dtype', () => {
      assert.ok(result.ok);
      assert.equal(result.value.wrappers.length, 4);
      const attrs = wrapperAttributes(result.value.wrappers[0] as CallValue);
      assert.deepEqual(attrs?.get('subclass'), {
        kind: 'global',
        module: 'numpy',
        name: 'ndarray',
      });
      assert.equal(attrs?.get('order')?.kind, 'str');
      const dtype = attrs?.get('dtype');
      assert.equal(dtype?.kind, 'call');
    });

    it('leaves analysePickle and evaluatePickle as they were', () => {
      const analysed = analysePickle(ARRAYS, { limits: DEFAULT_LIMITS });
      assert.ok(analysed.ok && result.ok);
      assert.deepEqual(analysed.value, result.value.analysis);
      // pickle.load without joblib's reader runs into the raw array bytes.
      assert.equal(evaluatePickle(ARRAYS, DEFAULT_LIMITS).ok, false);
    });
  });

  describe('when a second pickle follows the first', () => {
    it('returns the first root and analyses the second too', () => {
      const first = joblibPickle({ dtype: 'i2', shape: [2], alignment: null }, [1, 0, 2, 0]);
      const second = pickle().proto(2).global('posix', 'system').str('id').op('TUPLE1');
      const bytes = Buffer.concat([first, second.op('REDUCE').stop().build()]);
      const result = evaluateJoblib(bytes, DEFAULT_LIMITS);
      assert.ok(result.ok, JSON.stringify(result.issues));
      assert.deepEqual(result.value.root, { kind: 'opaque', what: 'ndarray', joblibArray: 0 });
      assert.equal(result.value.analysis.pickles.length, 2);
      assert.deepEqual(
        result.value.analysis.globals.map((g) => `${g.module}.${g.name}`),
        ['joblib.numpy_pickle.NumpyArrayWrapper', 'numpy.ndarray', 'numpy.dtype', 'posix.system'],
      );
    });
  });

  describe('when a list holds an array, then another', () => {
    it('numbers the arrays in stream order', () => {
      const p = pickle().proto(2).op('EMPTY_LIST').op('MARK');
      pushWrapper(p, { dtype: 'u1', shape: [1], alignment: null }).raw([7]);
      pushWrapper(p, { dtype: 'u1', shape: [2], alignment: null }).raw([8, 9]);
      const result = evaluateJoblib(p.op('APPENDS').stop().build(), DEFAULT_LIMITS);
      assert.ok(result.ok, JSON.stringify(result.issues));
      const root = result.value.root;
      assert.deepEqual(root.kind === 'list' ? root.items : root, [
        { kind: 'opaque', what: 'ndarray', joblibArray: 0 },
        { kind: 'opaque', what: 'ndarray', joblibArray: 1 },
      ]);
      assert.deepEqual(
        result.value.wrappers.map((w) => wrapperAttributes(w)?.get('shape')),
        [1, 2].map((n) => ({
          kind: 'tuple',
          items: [{ kind: 'int', value: n }],
          dropped: 0,
          special: undefined,
        })),
      );
    });
  });

  describe('when the array data is cut short', () => {
    it('fails with JOBLIB_ARRAY_TRUNCATED', () => {
      const bytes = joblibPickle({ dtype: 'f8', shape: [4], alignment: null }, [0, 0, 0], []);
      const result = evaluateJoblib(bytes, DEFAULT_LIMITS);
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.issues.filter((i) => i.fatal === true).map((i) => i.code),
        ['JOBLIB_ARRAY_TRUNCATED'],
      );
    });
  });
});
