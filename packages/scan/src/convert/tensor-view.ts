import { MlsecError, snippet } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';
import type { TensorDescriptor } from './interpret-types.ts';
import { WRITABLE_DTYPES } from './tensor-input.ts';
import type { TensorInput, TensorSink } from './tensor-input.ts';

/** Bytes per chunk a strided gather hands to the writer. */
const CHUNK = 1024 * 1024;
/** Bytes per read of a contiguous copy (large reads and writes cost fewer system calls). */
const COPY_CHUNK = 4 * 1024 * 1024;
/** A strided view whose storage span fits this is read in one go; larger ones block by block. */
const SPAN_CAP = 64 * 1024 * 1024;

function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** True when the view walks its elements in row-major order with no gaps (size-1 dims ignored). */
export function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 0;
    if (size !== 1 && stride[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

function invalid(t: TensorDescriptor, why: string): MlsecError {
  return new MlsecError('SCAN_CONVERT_STORAGE_INVALID', `tensor "${snippet(t.name, 80)}" ${why}`);
}

/**
 * Check a view against its storage: same dtype, non-negative strides, every element it can reach
 * inside the storage. Returns the highest element index it reaches (or -1 when it is empty).
 */
export function checkView(t: TensorDescriptor): number {
  if (t.dtype !== t.storageDtype)
    throw invalid(t, `is ${t.dtype} over a ${t.storageDtype} storage`);
  if (t.stride.length !== t.shape.length) throw invalid(t, 'has a stride per dimension mismatch');
  if (!Number.isSafeInteger(t.storageOffset) || t.storageOffset < 0) {
    throw invalid(t, 'has a bad storage offset');
  }
  let last = t.storageOffset;
  for (let d = 0; d < t.shape.length; d++) {
    const size = t.shape[d] ?? 0;
    const step = t.stride[d] ?? 0;
    if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(step) || step < 0) {
      throw invalid(t, 'has a negative or non-integer size or stride');
    }
    if (size === 0) return -1;
    last += (size - 1) * step;
  }
  if (!Number.isSafeInteger(last) || last >= t.storageNumel) {
    throw invalid(t, `reaches element ${last} of a ${t.storageNumel}-element storage`);
  }
  return last;
}

async function readExact(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.length !== length) {
    throw new MlsecError('SCAN_CONVERT_STORAGE_INVALID', 'a storage record ended early');
  }
  return bytes;
}

/**
 * Copies a contiguous byte range of the storage in COPY_CHUNK pieces, reading the next piece while the
 * current one is written (two pieces in flight at most).
 */
async function copyRange(source: ByteSource, start: number, length: number, sink: TensorSink) {
  const read = (at: number) => readExact(source, start + at, Math.min(COPY_CHUNK, length - at));
  let next = read(0);
  for (let at = 0; at < length; at += COPY_CHUNK) {
    const chunk = await next;
    if (at + COPY_CHUNK < length) {
      next = read(at + COPY_CHUNK);
      // Awaited on the next turn; a write failure first must not leave it unhandled.
      next.catch(() => undefined);
    }
    await sink.write(chunk);
  }
}

/**
 * Gathers a strided view element by element in row-major order. The storage is read in blocks (the
 * view's whole span at once when it is within SPAN_CAP), never the whole file.
 */
async function gather(
  source: ByteSource,
  t: TensorDescriptor,
  last: number,
  sink: TensorSink,
  spanCap: number,
): Promise<void> {
  const size = WRITABLE_DTYPES[t.dtype];
  const spanBytes = (last - t.storageOffset + 1) * size;
  const blockSize = spanBytes <= spanCap ? spanBytes : Math.min(spanCap, CHUNK);
  let blockStart = -1;
  let block: Uint8Array = new Uint8Array(0);
  const out = new Uint8Array(Math.min(CHUNK, numelOf(t.shape) * size));
  let used = 0;
  const dims = t.shape.length;
  const index = new Array<number>(dims).fill(0);
  let element = t.storageOffset;
  const total = numelOf(t.shape);
  for (let n = 0; n < total; n++) {
    const byte = element * size;
    if (blockStart < 0 || byte < blockStart || byte + size > blockStart + block.length) {
      blockStart = byte;
      const end = Math.min((last + 1) * size, byte + Math.max(blockSize, size));
      block = await readExact(source, blockStart, end - blockStart);
    }
    out.set(block.subarray(byte - blockStart, byte - blockStart + size), used);
    used += size;
    if (used + size > out.length) {
      await sink.write(out.slice(0, used));
      used = 0;
    }
    // Advance the row-major index, carrying into outer dimensions.
    for (let d = dims - 1; d >= 0; d--) {
      const i = (index[d] ?? 0) + 1;
      const step = t.stride[d] ?? 0;
      if (i < (t.shape[d] ?? 0)) {
        index[d] = i;
        element += step;
        break;
      }
      element -= (i - 1) * step;
      index[d] = 0;
    }
  }
  if (used > 0) await sink.write(out.slice(0, used));
}

/**
 * A TensorInput for one view of a storage: a contiguous view copies its byte range, any other
 * (offset, transposed, stepped, stride-0) is materialised contiguous. `storage` holds the storage's
 * raw little-endian bytes; checkView() must have passed. `spanCap` (bytes): a strided view spanning
 * more of its storage than this is read in blocks of at most min(spanCap, 1 MiB).
 */
export function viewTensor(
  name: string,
  t: TensorDescriptor,
  storage: ByteSource,
  last: number,
  spanCap = SPAN_CAP,
): TensorInput {
  const size = WRITABLE_DTYPES[t.dtype];
  const byteLength = numelOf(t.shape) * size;
  return {
    name,
    dtype: t.dtype,
    shape: t.shape,
    byteLength,
    async write(sink: TensorSink): Promise<void> {
      if (byteLength === 0) return;
      if (isContiguous(t.shape, t.stride)) {
        await copyRange(storage, t.storageOffset * size, byteLength, sink);
      } else {
        await gather(storage, t, last, sink, spanCap);
      }
    },
  };
}
