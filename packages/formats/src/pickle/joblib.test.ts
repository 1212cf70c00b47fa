import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse, callSummary, globalNames } from './testing/analyse-helpers.ts';
import { joblibPickle, pushDtype, pushWrapper } from './testing/joblib-builder.ts';
import { latin1Bytes, pickle, posixSystemPickle } from './testing/pickle-builder.ts';

// joblib 1.2.0 (Debian python3-joblib, numpy 1.24):
//   joblib.dump([np.arange(3, dtype='i1'), np.array([None], dtype=object)], 'tiny.joblib')
// Protocol 4 with frames; the i1 array has a padding byte (6) and 6 padding bytes, the object array is a
// nested protocol 2 pickle.
const REAL_JOBLIB = Buffer.from(
  'gASVzgAAAAAAAABdlCiME2pvYmxpYi5udW1weV9waWNrbGWUjBFOdW1weUFycmF5V3JhcHBlcpSTlCmBlH2UKIwIc3ViY2xhc3OUjAVudW1weZSMB25kYXJyYXmUk5SMBXNoYXBllEsDhZSMBW9yZGVylIwBQ5SMBWR0eXBllGgHaA6TlIwCaTGUiYiHlFKUKEsDjAF8lE5OTkr/////Sv////9LAHSUYowKYWxsb3dfbW1hcJSIjBtudW1weV9hcnJheV9hbGlnbm1lbnRfYnl0ZXOUSxB1Ygb///////8AAQKVRQAAAAAAAABoAymBlH2UKGgGaAloCksBhZRoDGgNaA5oD4wCTziUiYiHlFKUKEsDaBNOTk5K/////0r/////Sz90lGJoFYloFksQdWKAAmNudW1weS5jb3JlLm11bHRpYXJyYXkKX3JlY29uc3RydWN0CnEAY251bXB5Cm5kYXJyYXkKcQFLAIVxAmNfY29kZWNzCmVuY29kZQpxA1gBAAAAYnEEWAYAAABsYXRpbjFxBYZxBlJxB4dxCFJxCShLAUsBhXEKY251bXB5CmR0eXBlCnELWAIAAABPOHEMiYiHcQ1ScQ4oSwNYAQAAAHxxD05OTkr/////Sv////9LP3RxEGKJXXERTmF0cRJiLmUu',
  'base64',
);

const EVIL_P2 = posixSystemPickle();

describe('analysePickle on joblib files', () => {
  describe('when the file is a real joblib 1.2 dump', () => {
    it('skips the numeric array, analyses the object array pickle and reaches the end', () => {
      const { ok, a, issues } = analyse(REAL_JOBLIB);
      assert.equal(ok, true);
      assert.deepEqual(issues, []);
      assert.equal(a.end, REAL_JOBLIB.length);
      assert.deepEqual(a.joblibArrays, [
        { offset: 216, pickleIndex: 0, dataOffset: 217, dataLength: 10, dtype: 'i1', shape: [3] },
        {
          offset: 304,
          pickleIndex: 0,
          dataOffset: 305,
          dataLength: 194,
          dtype: 'O8',
          shape: [1],
          nestedPickle: 1,
        },
      ]);
      assert.deepEqual(a.pickles[1], {
        start: 305,
        end: 499,
        protocol: 2,
        opcodes: 59,
        nestedIn: 0,
      });
    });

    it('fails when read as plain pickle.load would (joblib: false)', () => {
      assert.equal(analyse(REAL_JOBLIB, { joblib: false }).ok, false);
    });
  });

  describe('when a numeric array has no alignment attribute (joblib < 1.2)', () => {
    it('skips exactly the array bytes', () => {
      const bytes = joblibPickle({ dtype: 'f8', shape: [2, 3] }, new Uint8Array(48).fill(0x63));
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.equal(a.joblibArrays[0]?.dataLength, 48);
      assert.deepEqual(a.joblibArrays[0]?.shape, [2, 3]);
      assert.equal(a.end, bytes.length);
    });
  });

  describe('when a numeric array has alignment padding', () => {
    it('reads the padding length byte, skips the padding, then the data', () => {
      const data = [5, 0xff, 0xff, 0xff, 0xff, 0xff, ...new Array<number>(5 * 4 * 2).fill(0x41)];
      const bytes = joblibPickle({ dtype: 'U5', shape: [2], elsize: 20, alignment: 16 }, data);
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.equal(a.joblibArrays[0]?.dataLength, 46);
    });

    it('takes no padding byte when the alignment attribute is None', () => {
      const bytes = joblibPickle({ dtype: 'i2', shape: [3], alignment: null }, [1, 0, 2, 0, 3, 0]);
      assert.equal(analyse(bytes).a.joblibArrays[0]?.dataLength, 6);
    });

    it('uses the __init__ default (16) when the wrapper was constructed by calling the class', () => {
      const bytes = joblibPickle({ dtype: 'b1', shape: [2], via: 'INIT' }, [1, 0xff, 1, 0]);
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.equal(a.joblibArrays[0]?.dataLength, 4);
    });

    it('continues decoding after the data and reports a payload there', () => {
      const after = [
        ...pickle()
          .op('POP')
          .global('os', 'system')
          .str('id')
          .op('TUPLE1')
          .op('REDUCE')
          .stop()
          .build(),
      ];
      const bytes = joblibPickle(
        { dtype: 'c16', shape: [1], alignment: 8 },
        [0, ...new Array<number>(16).fill(0x52)],
        after,
      );
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.ok(callSummary(a).includes('REDUCE os.system'));
    });
  });

  describe('when the array holds objects', () => {
    it('analyses the nested pickle and reports its calls', () => {
      const bytes = joblibPickle({ dtype: 'O8', shape: [1], flags: 63, alignment: 16 }, EVIL_P2);
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.deepEqual(
        a.pickles.map((p) => p.nestedIn),
        [undefined, 0],
      );
      const evil = a.calls.find((c) => c.callee?.name === 'system');
      assert.equal(evil?.pickleIndex, 1);
      assert.equal(a.joblibArrays[0]?.nestedPickle, 1);
    });

    it('treats a numeric dtype whose flags say "has objects" as an object array (numpy trusts the flags)', () => {
      const bytes = joblibPickle({ dtype: 'f8', shape: [1], flags: 63 }, EVIL_P2);
      assert.ok(globalNames(analyse(bytes).a).includes('posix.system'));
    });
  });

  describe('when the array is unsigned (typestr u1, u2, u4, u8)', () => {
    it('takes the item size from the typestr, and refuses a bare u', () => {
      for (const [typestr, size] of [
        ['u1', 1],
        ['u2', 2],
        ['u4', 4],
        ['u8', 8],
      ] as const) {
        const bytes = joblibPickle(
          { dtype: typestr, shape: [3], alignment: null },
          new Uint8Array(3 * size),
        );
        const { ok, a } = analyse(bytes);
        assert.equal(ok, true, typestr);
        assert.equal(a.joblibArrays[0]?.dataLength, 3 * size, typestr);
      }
      assert.deepEqual(analyse(joblibPickle({ dtype: 'u', shape: [1] }, [0])).codes, [
        'JOBLIB_ARRAY_UNKNOWN_SIZE',
      ]);
    });
  });

  describe('when the array size cannot be known', () => {
    it('fails closed with JOBLIB_ARRAY_UNKNOWN_SIZE', () => {
      const bytes = joblibPickle({ dtype: 'x9', shape: [1] }, [0]);
      const { ok, codes, a } = analyse(bytes);
      assert.equal(ok, false);
      assert.deepEqual(codes, ['JOBLIB_ARRAY_UNKNOWN_SIZE']);
      assert.ok(globalNames(a).includes('joblib.numpy_pickle.NumpyArrayWrapper'));
    });

    it('fails closed when the shape is not a tuple of sizes', () => {
      const p = pickle()
        .proto(2)
        .global('joblib.numpy_pickle', 'NumpyArrayWrapper')
        .op('EMPTY_TUPLE')
        .op('NEWOBJ');
      p.op('EMPTY_DICT').str('shape').str('(1,)').op('SETITEM').str('dtype');
      pushDtype(p, 'f8').op('SETITEM').op('BUILD').raw([0, 0, 0, 0, 0, 0, 0, 0]).stop();
      const { ok, issues } = analyse(p.build());
      assert.equal(ok, false);
      assert.equal(issues[0]?.code, 'JOBLIB_ARRAY_UNKNOWN_SIZE');
      assert.match(issues[0]?.message ?? '', /shape/);
    });
  });

  describe('when the wrapper state or dtype is implausible', () => {
    it('fails closed on a state dict with more than 64 keys', () => {
      const p = pickle().proto(2).global('joblib.numpy_pickle', 'NumpyArrayWrapper');
      p.op('EMPTY_TUPLE').op('NEWOBJ').op('EMPTY_DICT').op('MARK');
      for (let i = 0; i < 70; i++) p.str(`k${i}`).op('NONE');
      const { codes } = analyse(p.op('SETITEMS').op('BUILD').stop().build());
      assert.deepEqual(codes, ['JOBLIB_ARRAY_UNKNOWN_SIZE']);
    });

    it('reads a nested pickle when a structured dtype has an object field', () => {
      const p = pickle().proto(2).global('joblib.numpy_pickle', 'NumpyArrayWrapper');
      p.op('EMPTY_TUPLE').op('NEWOBJ').op('EMPTY_DICT').op('MARK').str('shape').int(1).op('TUPLE1');
      p.str('dtype').global('numpy', 'dtype').str('V8').op('NEWFALSE').op('NEWTRUE').op('TUPLE3');
      p.op('REDUCE').op('MARK').int(3).str('|').op('NONE').op('NONE');
      p.op('EMPTY_DICT').str('f');
      pushDtype(p, 'O8').int(0).op('TUPLE2').op('SETITEM');
      p.int(8).int(1).int(0).op('TUPLE').op('BUILD').op('SETITEMS').op('BUILD').raw(EVIL_P2).stop();
      const { ok, a } = analyse(p.build());
      assert.equal(ok, true);
      assert.equal(a.joblibArrays[0]?.nestedPickle, 1);
      assert.ok(globalNames(a).includes('posix.system'));
    });
  });

  describe('when the array is 0-dimensional', () => {
    it('reads one item', () => {
      const { ok, a } = analyse(joblibPickle({ dtype: 'f8', shape: [] }, new Uint8Array(8)));
      assert.equal(ok, true);
      assert.equal(a.joblibArrays[0]?.dataLength, 8);
    });
  });

  describe('when the data is shorter than the array', () => {
    it('fails with JOBLIB_ARRAY_TRUNCATED', () => {
      const bytes = joblibPickle({ dtype: 'f8', shape: [1000000] }, [1, 2, 3]);
      assert.deepEqual(analyse(bytes).codes, ['JOBLIB_ARRAY_TRUNCATED']);
    });
  });

  describe('when the BUILD is not the last opcode of its frame', () => {
    it('reads the data after the frame, finishes the frame, then continues after the data', () => {
      const body = pushWrapper(pickle(), { dtype: 'i1', shape: [2] })
        .global('os', 'system')
        .op('POP')
        .build();
      const bytes = pickle().proto(4).frame(body.length).raw(body).raw([7, 7]).stop().build();
      const { ok, a, codes } = analyse(bytes);
      assert.equal(ok, true);
      assert.deepEqual(codes, ['JOBLIB_ARRAY_INSIDE_FRAME']);
      assert.ok(globalNames(a).includes('os.system'));
      assert.equal(a.joblibArrays[0]?.dataOffset, 11 + body.length);
      assert.equal(a.end, bytes.length);
    });
  });

  describe('when STOP comes inside the frame the data was read past', () => {
    it('ends the pickle after the data, where the next pickle starts', () => {
      const body = pushWrapper(pickle(), { dtype: 'i1', shape: [2] })
        .stop()
        .build();
      const bytes = pickle().proto(4).frame(body.length).raw(body).raw([7, 7]).raw(EVIL_P2).build();
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.deepEqual(
        a.pickles.map((p) => p.end),
        [11 + body.length + 2, bytes.length],
      );
      assert.ok(globalNames(a).includes('posix.system'));
    });
  });

  describe('when a plain pickle mentions no wrapper', () => {
    it('reads it as usual', () => {
      assert.equal(analyse(latin1Bytes('N.')).ok, true);
    });
  });
});
