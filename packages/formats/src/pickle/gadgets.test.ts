import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { analyse, callSummary } from './testing/analyse-helpers.ts';
import { latin1Bytes, pickle, posixSystemPickle } from './testing/pickle-builder.ts';

const INNER = posixSystemPickle();

/** `pickle.loads(<bytes>)` around `inner`, as the outer pickle's only call. */
function loads(inner: Uint8Array): Uint8Array {
  return pickle()
    .proto(3)
    .call('pickle', 'loads', (b) => b.bytes(inner))
    .stop()
    .build();
}

describe('analysePickle on gadget chains', () => {
  describe('when BUILD plants a __setstate__ attribute and a second BUILD triggers it', () => {
    it('reports the planted callable as the callee of the second BUILD', () => {
      const bytes = pickle()
        .proto(2)
        .global('types', 'SimpleNamespace')
        .op('EMPTY_TUPLE')
        .op('NEWOBJ')
        .op('EMPTY_DICT')
        .str('__setstate__')
        .global('posix', 'system')
        .op('SETITEM')
        .op('BUILD')
        .str('id')
        .op('BUILD')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), [
        'NEWOBJ types.SimpleNamespace',
        'BUILD types.SimpleNamespace',
        'BUILD posix.system',
      ]);
      assert.equal(a.calls[2]?.rendered, "posix.system('id')");
    });

    it('sees the attribute through a (state, slotstate) pair and a DICT opcode', () => {
      const bytes = pickle()
        .proto(2)
        .global('types', 'SimpleNamespace')
        .op('EMPTY_TUPLE')
        .op('NEWOBJ')
        .op('NONE')
        .op('MARK')
        .str('append')
        .global('posix', 'system')
        .op('DICT')
        .op('TUPLE2')
        .op('BUILD')
        .str('id')
        .op('APPEND')
        .stop()
        .build();
      assert.deepEqual(callSummary(analyse(bytes).a).at(-1), 'APPEND posix.system');
    });
  });

  describe('when operator helpers stand in for getattr', () => {
    it('resolves operator.methodcaller(name, arg)(obj) to obj.name', () => {
      const bytes = pickle()
        .proto(2)
        .call('operator', 'methodcaller', (b) => b.str('system').str('id'))
        .op('MARK')
        .call('builtins', '__import__', (b) => b.str('os'))
        .op('TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a).at(-1), 'REDUCE os.system');
      assert.deepEqual(a.globals.at(-1), {
        module: 'os',
        name: 'system',
        offset: a.calls.at(-1)?.offset,
        pickleIndex: 0,
        via: 'RESOLVED',
        operandsFromMemo: false,
        protocol: 2,
      });
    });

    it('resolves operator.attrgetter("path.join")(os)() to os.path.join', () => {
      const bytes = pickle()
        .proto(2)
        .call('operator', 'attrgetter', (b) => b.str('path.join'))
        .op('MARK')
        .call('builtins', '__import__', (b) => b.str('os'))
        .op('TUPLE')
        .op('REDUCE')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      assert.deepEqual(callSummary(analyse(bytes).a).at(-1), 'REDUCE os.path.join');
    });

    it('resolves __import__ of a dotted name to its top package unless fromlist is given', () => {
      const top = pickle()
        .proto(2)
        .global('builtins', 'getattr')
        .op('MARK')
        .call('builtins', '__import__', (b) => b.str('os.path'))
        .str('join')
        .op('TUPLE')
        .op('REDUCE')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      assert.deepEqual(callSummary(analyse(top).a).at(-1), 'REDUCE os.join');
      const sub = pickle()
        .proto(2)
        .global('builtins', 'getattr')
        .op('MARK')
        .call('importlib', 'import_module', (b) => b.str('os.path'))
        .str('join')
        .op('TUPLE')
        .op('REDUCE')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      assert.deepEqual(callSummary(analyse(sub).a).at(-1), 'REDUCE os.path.join');
    });
  });

  describe('when a pickle unpickles embedded bytes', () => {
    it('analyses the embedded pickle and marks where it was loaded', () => {
      const { ok, a } = analyse(loads(INNER));
      assert.equal(ok, true);
      assert.deepEqual(callSummary(a), ['REDUCE pickle.loads', 'REDUCE posix.system']);
      assert.equal(a.calls[1]?.pickleIndex, 1);
      assert.deepEqual(a.pickles[1], {
        start: 0,
        end: INNER.length,
        protocol: 2,
        opcodes: 6,
        nestedIn: 0,
        embeddedAt: INNER.length + 20,
      });
    });

    it("reads protocol 2's _codecs.encode(str, 'latin1') form of bytes", () => {
      const text = Buffer.from(INNER).toString('latin1');
      const bytes = pickle()
        .proto(2)
        .global('_pickle', 'loads')
        .op('MARK')
        .call('_codecs', 'encode', (b) => b.str(text).str('latin1'))
        .op('TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      assert.ok(callSummary(analyse(bytes).a).includes('REDUCE posix.system'));
    });

    it('reports a malformed embedded pickle without failing the outer one', () => {
      const { ok, a, codes } = analyse(loads(INNER.subarray(0, 12)));
      assert.equal(ok, true);
      assert.deepEqual(codes, ['PICKLE_EMBEDDED_MALFORMED']);
      assert.equal(a.pickles.length, 2);
    });

    it('stops at limits.maxDepth levels of embedding', () => {
      let bytes = INNER;
      for (let i = 0; i < 4; i++) bytes = loads(bytes);
      const deep = analyse(bytes, { limits: makeLimits({ maxDepth: 2 }) });
      assert.ok(deep.codes.includes('PICKLE_EMBEDDED_TOO_DEEP'));
      assert.equal(deep.a.pickles.length, 3);
      assert.ok(callSummary(analyse(bytes).a).includes('REDUCE posix.system'));
    });

    it('analyses bytes fetched from the memo once, however often they are loaded', () => {
      const p = pickle().proto(3).op('SHORT_BINBYTES', INNER.length).raw(INNER).put(0).op('POP');
      for (let i = 0; i < 3; i++)
        p.global('pickle', 'loads').get(0).op('TUPLE1').op('REDUCE').op('POP');
      const { a } = analyse(p.op('NONE').stop().build());
      assert.equal(a.pickles.length, 2);
      assert.equal(a.calls.filter((c) => c.callee?.name === 'loads').length, 3);
    });

    it('ignores loads of something that is not literal bytes', () => {
      const bytes = latin1Bytes("cpickle\nloads\n(S'x'\ntR.");
      assert.equal(analyse(bytes).a.pickles.length, 1);
    });
  });
});
