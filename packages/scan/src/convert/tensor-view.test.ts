import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MlsecError, memorySource, sliceSource } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';
import type { TensorDescriptor } from './interpret-types.ts';
import type { TensorSink, WritableDtype } from './tensor-input.ts';
import { WRITABLE_DTYPES } from './tensor-input.ts';
import { checkView, isContiguous, viewTensor } from './tensor-view.ts';

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** The view's elements in row-major order, by the definition: offset + sum(index[d] * stride[d]). */
function reference(storage: Uint8Array, t: TensorDescriptor): Uint8Array {
  const size = WRITABLE_DTYPES[t.dtype];
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(numel * size);
  for (let n = 0; n < numel; n++) {
    let rest = n;
    let element = t.storageOffset;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      const dim = t.shape[d] ?? 1;
      element += (rest % dim) * (t.stride[d] ?? 0);
      rest = Math.floor(rest / dim);
    }
    out.set(storage.subarray(element * size, element * size + size), n * size);
  }
  return out;
}

/** A source that records the longest read asked of it. */
function counted(bytes: Uint8Array): ByteSource & { longest: number } {
  const inner = memorySource(bytes);
  const source = {
    size: inner.size,
    longest: 0,
    read(offset: number, length: number) {
      source.longest = Math.max(source.longest, length);
      return inner.read(offset, length);
    },
  };
  return source;
}

async function collect(write: (sink: TensorSink) => Promise<void>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await write({
    write: (chunk) => {
      parts.push(Uint8Array.from(chunk));
      return Promise.resolve();
    },
  });
  return Uint8Array.from(Buffer.concat(parts));
}

function descriptor(
  dtype: WritableDtype,
  shape: number[],
  stride: number[],
  storageOffset: number,
  storageNumel: number,
): TensorDescriptor {
  return {
    name: 'w',
    dtype,
    shape,
    stride,
    storageKey: '0',
    storageOffset,
    storageDtype: dtype,
    storageNumel,
  };
}

describe('viewTensor', () => {
  describe('when views have random shapes, strides (0 included) and offsets', () => {
    it('yields the elements the stride definition gives, whatever the read block size', async () => {
      const next = random(7);
      const dtypes = Object.keys(WRITABLE_DTYPES) as WritableDtype[];
      for (let round = 0; round < 200; round++) {
        const dtype = dtypes[round % dtypes.length] ?? 'F32';
        const size = WRITABLE_DTYPES[dtype];
        const dims = Math.floor(next() * 4);
        const shape = Array.from({ length: dims }, () => 1 + Math.floor(next() * 4));
        const stride = shape.map(() => Math.floor(next() * 5));
        const offset = Math.floor(next() * 6);
        const span = shape.reduce((s, dim, d) => s + (dim - 1) * (stride[d] ?? 0), 0);
        const numel = offset + span + 1 + Math.floor(next() * 3);
        const storage = Uint8Array.from({ length: numel * size }, () => Math.floor(next() * 256));
        const t = descriptor(dtype, shape, stride, offset, numel);
        const last = checkView(t);
        const want = reference(storage, t);
        for (const cap of [undefined, size, 3 * size]) {
          const source = counted(storage);
          const got = await collect((sink) => viewTensor('w', t, source, last, cap).write(sink));
          assert.deepEqual(
            got,
            want,
            `round ${round}, cap ${cap}: ${JSON.stringify([shape, stride])}`,
          );
          if (cap !== undefined && !isContiguous(shape, stride)) {
            assert.ok(source.longest <= cap, `read ${source.longest} bytes with a cap of ${cap}`);
          }
        }
      }
    });
  });

  describe('when the storage sits at an odd offset and the view spans several output chunks', () => {
    it('yields the reference elements for every element size (8-byte NaN payloads kept)', async () => {
      const next = random(11);
      for (const dtype of ['U8', 'F16', 'F32', 'F64'] as const) {
        const size = WRITABLE_DTYPES[dtype];
        // 700 x 600 stored row-major, read transposed (600 x 700): more than 1 MiB for F32 and F64.
        const rows = 700;
        const cols = 600;
        const storage = Uint8Array.from({ length: rows * cols * size }, () =>
          Math.floor(next() * 256),
        );
        if (dtype === 'F64') storage.set([1, 0, 0, 0, 0, 0, 0xf0, 0x7f], 8); // a signalling NaN
        const padded = new Uint8Array(storage.length + 3);
        padded.set(storage, 3);
        const source = sliceSource(memorySource(padded), 3, storage.length);
        const t = descriptor(dtype, [cols, rows], [1, cols], 0, rows * cols);
        const last = checkView(t);
        const want = reference(storage, t);
        for (const cap of [undefined, 4096]) {
          const got = await collect((sink) => viewTensor('w', t, source, last, cap).write(sink));
          assert.equal(Buffer.compare(got, want), 0, `${dtype}, cap ${cap}`);
        }
      }
    });
  });

  describe('when the view is empty', () => {
    it('yields nothing and announces 0 bytes', async () => {
      const t = descriptor('F16', [0, 3], [3, 1], 0, 0);
      const input = viewTensor('w', t, memorySource(new Uint8Array(0)), checkView(t));
      assert.equal(input.byteLength, 0);
      assert.equal((await collect((sink) => input.write(sink))).length, 0);
    });
  });
});

describe('checkView', () => {
  const refused = (t: TensorDescriptor) =>
    assert.throws(
      () => checkView(t),
      (e: unknown) => e instanceof MlsecError && e.code === 'SCAN_CONVERT_STORAGE_INVALID',
    );
  it('refuses a view that reaches past its storage', () => {
    refused(descriptor('F32', [2, 3], [3, 1], 1, 6));
  });
  it('refuses a negative stride or offset', () => {
    refused(descriptor('F32', [2], [-1], 1, 6));
    refused(descriptor('F32', [2], [1], -1, 6));
  });
  it('refuses a view whose dtype differs from its storage', () => {
    refused({ ...descriptor('F32', [2], [1], 0, 6), storageDtype: 'I32' });
  });
  it('accepts the last element exactly and reports it', () => {
    assert.equal(checkView(descriptor('F32', [2, 3], [3, 1], 0, 6)), 5);
  });
});
