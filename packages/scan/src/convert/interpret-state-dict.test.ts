import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { pickle } from '@mlsec/formats/testing';
import { emptyOrderedDict, stateDict, tensor } from '../testing/checkpoint-pickle.ts';
import { interpretCheckpointPickle } from './interpret-state-dict.ts';
import type { InterpretResult, StateDictInterpretation } from './interpret-types.ts';

function run(bytes: Uint8Array): InterpretResult {
  return interpretCheckpointPickle(bytes, DEFAULT_LIMITS);
}

function accepted(bytes: Uint8Array): StateDictInterpretation {
  const result = run(bytes);
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.refusal));
  return result.value;
}

function refused(bytes: Uint8Array): {
  code: string;
  global?: string;
  offset?: number;
  message: string;
} {
  const result = run(bytes);
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? { code: '', message: '' } : result.refusal;
}

describe('interpretStateDict', () => {
  describe('when a zip checkpoint holds an OrderedDict of tensors', () => {
    const bytes = stateDict([
      ['w', (b) => tensor(b, { key: '0', numel: 6, shape: [2, 3], stride: [3, 1] })],
      [
        'b',
        (b) =>
          tensor(b, {
            type: 'HalfStorage',
            key: '1',
            numel: 2,
            shape: [2],
            stride: [1],
            metadata: true,
          }),
      ],
    ])
      .stop()
      .build();

    it('describes each tensor with its storage', () => {
      const value = accepted(bytes);
      assert.deepEqual(value.tensors, [
        {
          name: 'w',
          dtype: 'F32',
          shape: [2, 3],
          stride: [3, 1],
          storageKey: '0',
          storageOffset: 0,
          storageDtype: 'F32',
          storageNumel: 6,
        },
        {
          name: 'b',
          dtype: 'F16',
          shape: [2],
          stride: [1],
          storageKey: '1',
          storageOffset: 0,
          storageDtype: 'F16',
          storageNumel: 2,
        },
      ]);
      assert.deepEqual(value.storages, [
        { key: '0', dtype: 'F32', numel: 6, location: 'cpu' },
        { key: '1', dtype: 'F16', numel: 2, location: 'cpu' },
      ]);
      assert.deepEqual(value.tied, []);
      assert.deepEqual(value.notices, []);
    });
  });

  describe('when every storage class maps to a dtype', () => {
    it('names the SafeTensors dtype of each', () => {
      const types = [
        'DoubleStorage',
        'FloatStorage',
        'HalfStorage',
        'BFloat16Storage',
        'LongStorage',
        'IntStorage',
        'ShortStorage',
        'CharStorage',
        'ByteStorage',
        'BoolStorage',
      ];
      const bytes = stateDict(
        types.map(
          (type, i) =>
            [
              type,
              (b) => tensor(b, { type, key: String(i), numel: 1, shape: [], stride: [] }),
            ] as const,
        ),
      )
        .stop()
        .build();
      assert.deepEqual(
        accepted(bytes).tensors.map((t) => t.dtype),
        ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'],
      );
    });
  });

  describe('when two names are one memoized tensor', () => {
    it('reports them as tied', () => {
      const b = pickle().proto(2);
      emptyOrderedDict(b);
      b.op('MARK').str('embed.weight');
      tensor(b, { key: '0', numel: 4, shape: [2, 2], stride: [2, 1] });
      b.put(90).str('lm_head.weight').get(90).str('view');
      tensor(b, { key: '0', numel: 4, offset: 2, shape: [2], stride: [1] });
      const value = accepted(b.op('SETITEMS').stop().build());
      assert.deepEqual(value.tied, [['embed.weight', 'lm_head.weight']]);
      assert.equal(value.storages.length, 1);
      assert.equal(value.tensors[2]?.storageOffset, 2);
    });
  });

  describe('when tensors are wrapped in nn.Parameter', () => {
    it('accepts _rebuild_parameter and _rebuild_parameter_with_state', () => {
      const bytes = stateDict([
        [
          'p',
          (b) => {
            b.global('torch._utils', '_rebuild_parameter').op('MARK');
            tensor(b, { key: '0', numel: 2, shape: [2], stride: [1] });
            b.op('NEWTRUE');
            emptyOrderedDict(b);
            b.op('TUPLE').op('REDUCE');
          },
        ],
        [
          'q',
          (b) => {
            b.global('torch._utils', '_rebuild_parameter_with_state').op('MARK');
            tensor(b, { key: '1', numel: 2, shape: [2], stride: [1] });
            b.op('NEWFALSE');
            emptyOrderedDict(b);
            b.op('EMPTY_DICT').op('TUPLE').op('REDUCE');
          },
        ],
      ])
        .stop()
        .build();
      assert.deepEqual(
        accepted(bytes).tensors.map((t) => t.name),
        ['p', 'q'],
      );
    });
  });

  describe('when a training checkpoint wraps the state dict', () => {
    it('unwraps model, drops the optimizer with a notice, and flattens nested dicts', () => {
      const b = pickle().proto(2).op('EMPTY_DICT').op('MARK');
      b.str('epoch').int(3);
      b.str('model').op('EMPTY_DICT').str('encoder').op('EMPTY_DICT').str('weight');
      tensor(b, { key: '0', numel: 2, shape: [2], stride: [1] });
      b.op('SETITEM').op('SETITEM');
      b.str('optimizer')
        .op('EMPTY_DICT')
        .str('state')
        .op('EMPTY_DICT')
        .int(0)
        .op('EMPTY_DICT')
        .str('exp_avg');
      tensor(b, { key: '1', numel: 2, shape: [2], stride: [1] });
      b.op('SETITEM').op('SETITEM').op('SETITEM');
      const value = accepted(b.op('SETITEMS').stop().build());
      assert.equal(value.unwrapped, 'model');
      assert.deepEqual(
        value.tensors.map((t) => t.name),
        ['encoder.weight'],
      );
      assert.equal(value.notices.length, 2);
      assert.match(value.notices[1] ?? '', /optimizer state optimizer dropped/);
      // The optimizer's storage was described (it is in the pickle) even though its tensor is dropped.
      assert.equal(value.storages.length, 2);
    });
  });

  describe('when a legacy checkpoint names a storage view', () => {
    it('adds the view offset and checks the tensor fits in the view', () => {
      const ok = stateDict([
        [
          'x',
          (b) => tensor(b, { key: '5', numel: 10, shape: [3], stride: [1], view: ['7', 4, 3] }),
        ],
      ])
        .stop()
        .build();
      assert.equal(accepted(ok).tensors[0]?.storageOffset, 4);
      const over = stateDict([
        [
          'x',
          (b) => tensor(b, { key: '5', numel: 10, shape: [4], stride: [1], view: ['7', 4, 3] }),
        ],
      ])
        .stop()
        .build();
      assert.equal(refused(over).code, 'malformed');
    });
  });

  describe('when a tensor reaches past its storage', () => {
    it('is refused as malformed, but an expanded (stride 0) or empty view is fine', () => {
      const past = stateDict([
        ['x', (b) => tensor(b, { key: '0', numel: 6, offset: 1, shape: [2, 3], stride: [3, 1] })],
      ])
        .stop()
        .build();
      assert.match(refused(past).message, /reaches element 6 of a storage of 6/);
      const fine = stateDict([
        ['e', (b) => tensor(b, { key: '0', numel: 3, shape: [4, 3], stride: [0, 1] })],
        ['z', (b) => tensor(b, { key: '0', numel: 3, offset: 3, shape: [0, 5], stride: [5, 1] })],
      ])
        .stop()
        .build();
      assert.deepEqual(
        accepted(fine).tensors.map((t) => t.name),
        ['e', 'z'],
      );
    });
  });

  describe('refusals', () => {
    it('refuses os.system, naming the global and its offset', () => {
      const b = pickle().proto(2);
      const at = b.build().length;
      const r = refused(
        b.global('os', 'system').str('id').op('TUPLE1').op('REDUCE').stop().build(),
      );
      assert.equal(r.code, 'not-allowed');
      assert.equal(r.global, 'os.system');
      assert.equal(r.offset, at);
    });

    it('refuses builtins.eval even when its result is thrown away', () => {
      const b = stateDict([['w', (x) => tensor(x, { key: '0', numel: 1, shape: [], stride: [] })]]);
      const r = refused(
        b.global('builtins', 'eval').str('1').op('TUPLE1').op('REDUCE').op('POP').stop().build(),
      );
      assert.equal(r.global, 'builtins.eval');
    });

    it('refuses an unknown class as a value', () => {
      const r = refused(
        stateDict([['cfg', (b) => b.global('mymodel', 'Config')]])
          .stop()
          .build(),
      );
      assert.equal(r.code, 'not-allowed');
      assert.equal(r.global, 'mymodel.Config');
    });

    it('refuses a REDUCE on an allowed storage class (not a callable we accept)', () => {
      const r = refused(
        pickle()
          .proto(2)
          .global('torch', 'FloatStorage')
          .int(3)
          .op('TUPLE1')
          .op('REDUCE')
          .stop()
          .build(),
      );
      assert.equal(r.code, 'not-allowed');
      assert.equal(r.global, 'torch.FloatStorage');
      assert.match(r.message, /REDUCE at offset \d+ calls torch.FloatStorage/);
    });

    it('refuses an OrderedDict made by NEWOBJ', () => {
      const r = refused(
        pickle()
          .proto(2)
          .global('collections', 'OrderedDict')
          .op('EMPTY_TUPLE')
          .op('NEWOBJ')
          .stop()
          .build(),
      );
      assert.equal(r.code, 'not-allowed');
    });

    it('refuses EXT opcodes', () => {
      const r = refused(pickle().proto(2).op('EXT1', 1).stop().build());
      assert.equal(r.code, 'not-allowed');
      assert.match(r.message, /EXT/);
    });

    it('refuses a complex storage as unsupported', () => {
      const r = refused(
        stateDict([
          [
            'c',
            (b) =>
              tensor(b, { type: 'ComplexFloatStorage', key: '0', numel: 1, shape: [], stride: [] }),
          ],
        ])
          .stop()
          .build(),
      );
      assert.equal(r.global, 'torch.ComplexFloatStorage');
    });

    it('refuses a list that contains itself', () => {
      const r = refused(
        pickle().proto(2).op('EMPTY_LIST').put(0).get(0).op('APPEND').stop().build(),
      );
      assert.equal(r.code, 'malformed');
    });

    it('refuses a storage described twice with different sizes', () => {
      const r = refused(
        stateDict([
          ['a', (b) => tensor(b, { key: '0', numel: 4, shape: [2], stride: [1] })],
          ['b', (b) => tensor(b, { key: '0', numel: 8, shape: [2], stride: [1] })],
        ])
          .stop()
          .build(),
      );
      assert.equal(r.code, 'malformed');
    });

    it('refuses a truncated pickle as malformed', () => {
      assert.equal(refused(pickle().proto(2).op('EMPTY_DICT').build()).code, 'malformed');
    });
  });
});
