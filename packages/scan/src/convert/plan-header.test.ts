import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planHeader } from './plan-header.ts';
import { bytesTensor, WRITABLE_DTYPES } from './tensor-input.ts';
import type { WritableDtype } from './tensor-input.ts';

function f32(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

function headerText(prefix: Uint8Array): { length: number; text: string } {
  const length = Number(Buffer.from(prefix).readBigUInt64LE(0));
  return { length, text: Buffer.from(prefix.subarray(8)).toString('utf8') };
}

const sized = (name: string, dtype: WritableDtype, shape: number[]) => {
  const count = shape.reduce((a, b) => a * b, 1);
  return bytesTensor(name, dtype, shape, new Uint8Array(count * WRITABLE_DTYPES[dtype]));
};

describe('planHeader', () => {
  // Vectors of the reference implementation's own tests (safetensors/src/tensor.rs:
  // test_serialization, test_serialization_forced_alignement, test_empty).
  describe('when given the reference implementation test tensors', () => {
    it('writes the same 64-byte header for attn.0 (no padding needed)', () => {
      const plan = planHeader([bytesTensor('attn.0', 'F32', [1, 2, 3], f32([0, 1, 2, 3, 4, 5]))]);
      assert.deepEqual(headerText(plan.prefix), {
        length: 64,
        text: '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}',
      });
    });
    it('pads the attn0 header with seven spaces to 72 bytes', () => {
      const plan = planHeader([bytesTensor('attn0', 'F32', [1, 1, 2, 3], f32([0, 1, 2, 3, 4, 5]))]);
      assert.deepEqual(headerText(plan.prefix), {
        length: 72,
        text: '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ',
      });
    });
    it('writes {} and six spaces for no tensors, and metadata first when given', () => {
      assert.deepEqual(headerText(planHeader([]).prefix), { length: 8, text: '{}      ' });
      assert.deepEqual(headerText(planHeader([], { framework: 'pt' }).prefix), {
        length: 40,
        text: '{"__metadata__":{"framework":"pt"}}     ',
      });
    });
  });

  describe('when tensors have several dtypes and names', () => {
    it('orders by descending dtype alignment, then by the UTF-8 bytes of the name', () => {
      const dtypes = Object.keys(WRITABLE_DTYPES) as WritableDtype[];
      const tensors = dtypes.map((dtype) => sized(`t-${dtype}`, dtype, [3]));
      // U+FF21 sorts before U+1F600 in UTF-8 but after it in UTF-16, where JS compares by default.
      tensors.push(
        sized('\u{1F600}', 'F32', [1]),
        sized('\uFF21', 'F32', [1]),
        sized('a', 'F32', [1]),
      );
      const plan = planHeader(tensors);
      assert.deepEqual(
        plan.tensors.map((t) => t.input.name),
        [
          't-U64',
          't-I64',
          't-F64',
          'a',
          't-F32',
          '\uFF21',
          '\u{1F600}',
          't-U32',
          't-I32',
          't-BF16',
          't-F16',
          't-U16',
          't-I16',
          't-I8',
          't-U8',
          't-BOOL',
        ],
      );
    });
    it('lays the tensors out contiguously and aligns each to its element size', () => {
      const tensors = [sized('x', 'U8', [3]), sized('y', 'F64', [2]), sized('z', 'I16', [5])];
      const plan = planHeader(tensors);
      let expected = 0;
      for (const t of plan.tensors) {
        assert.equal(t.begin, expected);
        assert.equal(t.end - t.begin, t.input.byteLength);
        assert.equal((plan.prefix.length + t.begin) % WRITABLE_DTYPES[t.input.dtype], 0);
        expected = t.end;
      }
      assert.equal(plan.dataBytes, 3 + 16 + 10);
    });
  });

  describe('when names have every length from 1 to 24', () => {
    it('pads the header with fewer than 8 spaces to a multiple of 8', () => {
      for (let n = 1; n <= 24; n++) {
        const { length, text } = headerText(planHeader([sized('n'.repeat(n), 'U8', [1])]).prefix);
        assert.equal(length % 8, 0, `name length ${n}`);
        assert.equal(Buffer.byteLength(text), length);
        const trimmed = text.trimEnd();
        assert.ok(length - Buffer.byteLength(trimmed) < 8);
        const parsed = JSON.parse(trimmed) as Record<string, { dtype: string }>;
        assert.equal(parsed['n'.repeat(n)]?.dtype, 'U8');
      }
    });
  });

  describe('when the input is wrong', () => {
    const refused = (run: () => unknown, pattern: RegExp) =>
      assert.throws(run, (error: { code?: string; message?: string }) => {
        assert.equal(error.code, 'SCAN_CONVERT_INVALID_INPUT');
        assert.match(error.message ?? '', pattern);
        return true;
      });
    it('refuses repeated, empty, reserved and ill-formed names', () => {
      refused(() => planHeader([sized('a', 'U8', [1]), sized('a', 'I8', [1])]), /given twice/);
      refused(() => planHeader([sized('', 'U8', [1])]), /empty/);
      refused(() => planHeader([sized('__metadata__', 'U8', [1])]), /metadata/);
      refused(() => planHeader([sized('__proto__', 'U8', [1])]), /reserved/);
      refused(() => planHeader([sized('bad\uD800', 'U8', [1])]), /Unicode/);
    });
    it('refuses a byte length that does not match shape and dtype, and bad dimensions', () => {
      refused(
        () => planHeader([bytesTensor('w', 'F32', [2, 3], new Uint8Array(23))]),
        /announces 23 bytes; its shape and dtype need 24/,
      );
      refused(() => planHeader([bytesTensor('w', 'U8', [-1], new Uint8Array(0))]), /dimension/);
      refused(() => planHeader([bytesTensor('w', 'U8', [1.5], new Uint8Array(1))]), /dimension/);
      const odd = { ...sized('w', 'U8', [1]), dtype: 'F8_E4M3' as WritableDtype };
      refused(() => planHeader([odd]), /unsupported dtype/);
    });
    it('refuses metadata that is not string to string', () => {
      const bad = { format: 1 } as unknown as Record<string, string>;
      refused(() => planHeader([], bad), /metadata value/);
      refused(() => planHeader([], { constructor: 'x' }), /reserved/);
    });
    it('refuses a header over the limit, counting the padding', () => {
      const tensors = [sized('w', 'U8', [1])];
      const needed = planHeader(tensors).prefix.length - 8;
      assert.equal(planHeader(tensors, undefined, needed).prefix.length, needed + 8);
      refused(() => planHeader(tensors, undefined, needed - 1), /limit of/);
      refused(() => planHeader([sized('x'.repeat(200), 'U8', [1])], undefined, 100), /limit of/);
    });
  });
});
