import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { analyse, callSummary, globalNames } from './testing/analyse-helpers.ts';
import { latin1Bytes, leBytes as le, pickle } from './testing/pickle-builder.ts';

const EVIL = latin1Bytes("cos\nsystem\n(S'echo hi'\ntR.");
const BENIGN = pickle().proto(4).op('EMPTY_DICT').stop().build();

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('analysePickle', () => {
  describe('when the input is empty', () => {
    it('fails with PICKLE_EMPTY', () => {
      const { ok, codes, a } = analyse(new Uint8Array(0));
      assert.equal(ok, false);
      assert.deepEqual(codes, ['PICKLE_EMPTY']);
      assert.equal(a.stoppedBy, 'error');
    });
  });

  describe('when a second pickle follows the first STOP', () => {
    it('analyses it too and tags its findings with its index', () => {
      const { ok, a } = analyse(concat(BENIGN, EVIL));
      assert.equal(ok, true);
      assert.deepEqual(
        a.pickles.map((p) => [p.start, p.end, p.protocol]),
        [
          [0, 4, 4],
          [4, 4 + EVIL.length, 0],
        ],
      );
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
      assert.equal(a.calls[0]?.pickleIndex, 1);
      assert.equal(a.stoppedBy, 'end-of-input');
      assert.equal(a.end, 4 + EVIL.length);
    });

    it('stops after maxPickles and says where', () => {
      const { ok, a } = analyse(concat(BENIGN, BENIGN, EVIL), { maxPickles: 2 });
      assert.equal(ok, true);
      assert.equal(a.pickles.length, 2);
      assert.equal(a.stoppedBy, 'max-pickles');
      assert.equal(a.end, 8);
      assert.deepEqual(a.calls, []);
    });
  });

  describe('when garbage follows the payload', () => {
    it('reports TRAILING_DATA with offset and length, keeping the payload', () => {
      const { ok, a, issues } = analyse(concat(EVIL, Uint8Array.from([0, 1, 2, 3, 0xff])));
      assert.equal(ok, true);
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
      assert.equal(a.stoppedBy, 'trailing-data');
      assert.equal(a.end, EVIL.length);
      assert.equal(issues.length, 1);
      assert.equal(issues[0]?.code, 'TRAILING_DATA');
      assert.equal(issues[0]?.offset, EVIL.length);
      assert.match(issues[0]?.message ?? '', /^5 bytes/);
    });

    it('treats bytes that start like opcodes but import nothing as trailing data', () => {
      const { ok, a, codes } = analyse(concat(BENIGN, latin1Bytes('NN(')));
      assert.equal(ok, true);
      assert.deepEqual(codes, ['TRAILING_DATA']);
      assert.equal(a.pickles.length, 1);
    });

    it('keeps a broken trailing pickle that imports something, and fails closed', () => {
      const { ok, a, codes } = analyse(concat(BENIGN, latin1Bytes("cposix\nsystem\n(S'x'\ntR")));
      assert.equal(ok, false);
      assert.deepEqual(codes, ['PICKLE_TRUNCATED']);
      assert.deepEqual(callSummary(a), ['REDUCE posix.system']);
    });

    it('keeps a broken trailing pickle that opens with PROTO', () => {
      const { ok, a } = analyse(concat(BENIGN, pickle().proto(2).op('NONE').build()));
      assert.equal(ok, false);
      assert.equal(a.pickles.length, 2);
    });
  });

  describe('when the input is truncated', () => {
    it('fails with everything decoded before the error in partial', () => {
      const { ok, a, issues } = analyse(EVIL.subarray(0, EVIL.length - 1));
      assert.equal(ok, false);
      assert.deepEqual(globalNames(a), ['os.system']);
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
      assert.deepEqual(
        issues.map((i) => [i.code, i.offset, i.fatal]),
        [['PICKLE_TRUNCATED', EVIL.length - 1, true]],
      );
      assert.equal(a.stoppedBy, 'error');
      assert.equal(a.end, EVIL.length - 1);
    });
  });

  describe('when limits are exceeded', () => {
    it('analyses only the first maxBytes and fails closed (PICKLE_INPUT_TOO_LARGE)', () => {
      const { ok, a, codes } = analyse(concat(EVIL, BENIGN), {
        limits: makeLimits({ maxBytes: EVIL.length + 2 }),
      });
      assert.equal(ok, false);
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
      assert.ok(codes.includes('PICKLE_INPUT_TOO_LARGE'));
    });

    it('stops at maxOps (PICKLE_TOO_MANY_OPS)', () => {
      const { ok, codes } = analyse(latin1Bytes('NNNNNNNN.'), {
        limits: makeLimits({ maxOps: 5 }),
      });
      assert.equal(ok, false);
      assert.deepEqual(codes, ['PICKLE_TOO_MANY_OPS']);
    });

    it('keeps the first maxEntries memo entries and goes on (PICKLE_MEMO_TOO_LARGE)', () => {
      const p = pickle().proto(4).global('os', 'system').op('MEMOIZE').op('POP').op('NONE');
      for (let i = 0; i < 20; i++) p.op('MEMOIZE');
      p.op('POP').get(0).str('id').op('TUPLE1').op('REDUCE').get(15).op('TUPLE2').stop();
      const { ok, a, codes } = analyse(p.build(), { limits: makeLimits({ maxEntries: 10 }) });
      assert.equal(ok, true);
      assert.deepEqual(codes, ['PICKLE_MEMO_TOO_LARGE', 'PICKLE_MEMO_MISSING']);
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
    });

    it('stops when the stack exceeds maxEntries (PICKLE_STACK_TOO_LARGE)', () => {
      const p = pickle().proto(4);
      for (let i = 0; i < 20; i++) p.op('NONE');
      assert.deepEqual(
        analyse(p.stop().build(), { limits: makeLimits({ maxEntries: 10 }) }).codes,
        ['PICKLE_STACK_TOO_LARGE'],
      );
    });

    it('keeps going when a container exceeds maxEntries (PICKLE_CONTAINER_TOO_LARGE, once)', () => {
      const p = pickle().proto(4).op('EMPTY_LIST');
      for (let i = 0; i < 30; i++) p.op('NONE').op('APPEND');
      p.global('os', 'system').op('POP');
      const { ok, a, codes } = analyse(p.stop().build(), {
        limits: makeLimits({ maxEntries: 10 }),
      });
      assert.equal(ok, true);
      assert.deepEqual(codes, ['PICKLE_CONTAINER_TOO_LARGE']);
      assert.deepEqual(globalNames(a), ['os.system']);
    });

    it('past maxEntries lists only new globals and calls, counting repeats', () => {
      const p = pickle().proto(2);
      for (let i = 0; i < 30; i++)
        p.global('collections', 'OrderedDict').op('EMPTY_TUPLE').op('REDUCE').op('POP');
      p.global('os', 'system').str('id').op('TUPLE1').op('REDUCE');
      const { ok, a } = analyse(p.stop().build(), { limits: makeLimits({ maxEntries: 10 }) });
      assert.equal(ok, true);
      assert.equal(a.globals.length, 11);
      assert.equal(a.globalsDropped, 20);
      assert.equal(a.calls.length, 11);
      assert.equal(a.callsDropped, 20);
      assert.deepEqual(callSummary(a).at(-1), 'REDUCE os.system');
    });

    it('caps issues per code with PICKLE_TOO_MANY_ISSUES, keeping other codes', () => {
      const p = pickle().proto(2);
      for (let i = 0; i < 200; i++) p.op('POP');
      p.op('NONE').stop();
      const { codes } = analyse(concat(p.build(), Uint8Array.from([0xff])));
      assert.deepEqual(codes, [
        ...new Array<string>(10).fill('PICKLE_STACK_UNDERFLOW'),
        'PICKLE_TOO_MANY_ISSUES',
        'TRAILING_DATA',
      ]);
    });
  });

  describe('when a pickle is large', () => {
    it('analyses 100 MB of BINBYTES8 payloads quickly, without copying them', () => {
      const chunk = 1024 * 1024;
      const count = 100;
      const bytes = new Uint8Array(4 + count * (9 + chunk + 1) + 1);
      bytes.set([0x80, 4, 0x5d, 0x28], 0); // PROTO 4, EMPTY_LIST, MARK
      let pos = 4;
      for (let i = 0; i < count; i++) {
        bytes.set([0x8e, ...le(chunk, 8)], pos);
        pos += 9 + chunk;
      }
      bytes.set([0x65, 0x2e], pos); // APPENDS, STOP
      const started = performance.now();
      const { ok, a } = analyse(bytes.subarray(0, pos + 2));
      const elapsed = performance.now() - started;
      assert.equal(ok, true);
      assert.equal(a.pickles[0]?.opcodes, count + 5);
      assert.ok(elapsed < 1000, `took ${elapsed} ms`);
    });
  });
});
