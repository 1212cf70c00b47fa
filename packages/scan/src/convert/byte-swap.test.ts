import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { byteSwapped } from './byte-swap.ts';
import { bytesTensor } from './tensor-input.ts';
import type { TensorInput, TensorSink, WritableDtype } from './tensor-input.ts';

async function collect(input: TensorInput): Promise<{ bytes: Uint8Array; chunks: number[] }> {
  const parts: Uint8Array[] = [];
  const sink: TensorSink = {
    write(chunk) {
      parts.push(chunk.slice());
      return Promise.resolve();
    },
  };
  await input.write(sink);
  return { bytes: new Uint8Array(Buffer.concat(parts)), chunks: parts.map((p) => p.length) };
}

/** Big-endian values written by DataView, and the same values little-endian. */
function pair(size: 2 | 4 | 8, count: number): { big: Uint8Array; little: Uint8Array } {
  const big = new DataView(new ArrayBuffer(size * count));
  const little = new DataView(new ArrayBuffer(size * count));
  for (let i = 0; i < count; i++) {
    const v = BigInt(i) * 0x0102030405060708n + 0x1122334455667788n;
    if (size === 2) {
      big.setUint16(i * 2, Number(v & 0xffffn), false);
      little.setUint16(i * 2, Number(v & 0xffffn), true);
    } else if (size === 4) {
      big.setUint32(i * 4, Number(v & 0xffffffffn), false);
      little.setUint32(i * 4, Number(v & 0xffffffffn), true);
    } else {
      big.setBigUint64(i * 8, v & 0xffffffffffffffffn, false);
      little.setBigUint64(i * 8, v & 0xffffffffffffffffn, true);
    }
  }
  return { big: new Uint8Array(big.buffer), little: new Uint8Array(little.buffer) };
}

const DTYPE: Record<2 | 4 | 8, WritableDtype> = { 2: 'U16', 4: 'F32', 8: 'I64' };

describe('byteSwapped', () => {
  describe('when chunks hold whole elements', () => {
    it('gives the little-endian bytes of each big-endian element, for 2, 4 and 8 bytes', async () => {
      for (const size of [2, 4, 8] as const) {
        const { big, little } = pair(size, 9);
        const input = bytesTensor('t', DTYPE[size], [9], big, size * 2);
        const out = await collect(byteSwapped(input, size));
        assert.deepEqual(out.bytes, little, `size ${size}`);
        assert.equal(out.bytes.length, input.byteLength);
      }
    });

    it('keeps name, dtype, shape and byte length', () => {
      const input = bytesTensor('w', 'F64', [2, 1], new Uint8Array(16));
      const swapped = byteSwapped(input, 8);
      assert.deepEqual(
        [swapped.name, swapped.dtype, swapped.shape, swapped.byteLength],
        ['w', 'F64', [2, 1], 16],
      );
    });

    it('does not modify the chunks its producer hands over', async () => {
      const { big } = pair(4, 4);
      const original = big.slice();
      await collect(byteSwapped(bytesTensor('t', 'F32', [4], big, 8), 4));
      assert.deepEqual(big, original);
    });
  });

  describe('when a chunk ends inside an element', () => {
    it('carries the partial element into the next chunk, for every chunk size', async () => {
      const { big, little } = pair(8, 7);
      for (let chunk = 1; chunk <= 20; chunk++) {
        const out = await collect(byteSwapped(bytesTensor('t', 'I64', [7], big, chunk), 8));
        assert.deepEqual(out.bytes, little, `chunk ${chunk}`);
        for (const length of out.chunks) assert.equal(length % 8, 0, `chunk ${chunk}`);
      }
    });
  });

  describe('when the producer ends inside an element', () => {
    it('throws SCAN_CONVERT_BYTE_COUNT', async () => {
      const short: TensorInput = {
        name: 'odd',
        dtype: 'F32',
        shape: [2],
        byteLength: 8,
        async write(sink) {
          await sink.write(new Uint8Array(6));
        },
      };
      await assert.rejects(collect(byteSwapped(short, 4)), (error: unknown) => {
        assert.ok(error instanceof MlsecError);
        assert.equal(error.code, 'SCAN_CONVERT_BYTE_COUNT');
        assert.match(error.message, /"odd" ended 2 bytes into a 4-byte element/);
        return true;
      });
    });
  });

  describe('when elements are one byte', () => {
    it('returns the input unchanged', () => {
      const input = bytesTensor('b', 'U8', [3], new Uint8Array([1, 2, 3]));
      assert.equal(byteSwapped(input, 1), input);
    });
  });

  describe('when the element size is not a positive integer', () => {
    it('throws a RangeError (programmer misuse)', () => {
      const input = bytesTensor('b', 'U8', [0], new Uint8Array(0));
      assert.throws(() => byteSwapped(input, 0), RangeError);
      assert.throws(() => byteSwapped(input, 2.5), RangeError);
    });
  });
});
