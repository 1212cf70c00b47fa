import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { evaluatePickle } from './analyse.ts';
import { pickle } from './testing/pickle-builder.ts';
import type { PickleValue } from './values.ts';

function rootOf(bytes: Uint8Array): PickleValue {
  const result = evaluatePickle(bytes, DEFAULT_LIMITS);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value.root;
}

describe('evaluatePickle', () => {
  describe('when the pickle returns a plain dict', () => {
    it('returns the dict STOP pops, with its items', () => {
      const root = rootOf(
        pickle().proto(2).op('EMPTY_DICT').str('a').int(7).op('SETITEM').stop().build(),
      );
      assert.equal(root.kind, 'dict');
      assert.deepEqual(
        root.kind === 'dict'
          ? root.items.map((v) => (v.kind === 'str' || v.kind === 'int' ? v.value : v.kind))
          : [],
        ['a', 7],
      );
    });
  });

  describe('when SETITEMS fills an OrderedDict() call result', () => {
    it('keeps the pairs on the call value and still reports the calls', () => {
      const bytes = pickle()
        .proto(2)
        .global('collections', 'OrderedDict')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .op('MARK')
        .str('w')
        .int(1)
        .str('b')
        .int(2)
        .op('SETITEMS')
        .stop()
        .build();
      const result = evaluatePickle(bytes, DEFAULT_LIMITS);
      assert.ok(result.ok);
      const root = result.value.root;
      assert.equal(root.kind, 'call');
      if (root.kind !== 'call') return;
      assert.equal(root.filled?.by, 'dict');
      assert.deepEqual(
        root.filled?.items.map((v) => (v.kind === 'str' || v.kind === 'int' ? v.value : v.kind)),
        ['w', 1, 'b', 2],
      );
      assert.deepEqual(
        result.value.analysis.calls.map((c) => c.opcode),
        ['REDUCE', 'SETITEMS'],
      );
    });

    it('marks an object that got both APPENDS and SETITEMS as mixed', () => {
      const bytes = pickle()
        .proto(2)
        .global('collections', 'OrderedDict')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .str('k')
        .int(1)
        .op('SETITEM')
        .int(3)
        .op('APPEND')
        .stop()
        .build();
      const root = rootOf(bytes);
      assert.equal(root.kind === 'call' ? root.filled?.by : undefined, 'mixed');
    });

    it('keeps at most limits.maxEntries items', () => {
      const b = pickle()
        .proto(2)
        .global('collections', 'OrderedDict')
        .op('EMPTY_TUPLE')
        .op('REDUCE');
      for (let batch = 0; batch < 2; batch++) {
        b.op('MARK');
        for (let i = 0; i < 6; i++) b.int(i).int(i);
        b.op('SETITEMS');
      }
      const result = evaluatePickle(b.stop().build(), { ...DEFAULT_LIMITS, maxEntries: 14 });
      assert.ok(result.ok, JSON.stringify(result.issues));
      const root = result.value.root;
      assert.equal(root.kind === 'call' ? root.filled?.items.length : -1, 14);
      assert.equal(root.kind === 'call' ? root.filled?.dropped : -1, 10);
      assert.ok(result.issues.some((i) => i.code === 'PICKLE_CONTAINER_TOO_LARGE'));
    });
  });

  describe('when the input holds more than one pickle', () => {
    it('returns the first one and says where it ended', () => {
      const first = pickle().proto(2).int(1).stop().build();
      const bytes = Uint8Array.from([...first, ...pickle().proto(2).int(2).stop().build()]);
      const result = evaluatePickle(bytes, DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.deepEqual(result.value.root, { kind: 'int', value: 1 });
      assert.equal(result.value.analysis.end, first.length);
    });
  });

  describe('when the pickle is truncated before STOP', () => {
    it('fails with the decoder issue', () => {
      const result = evaluatePickle(pickle().proto(2).op('EMPTY_DICT').build(), DEFAULT_LIMITS);
      assert.equal(result.ok, false);
      assert.ok(result.issues.some((i) => i.code === 'PICKLE_TRUNCATED'));
    });
  });
});
