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

type Words = Uint8Array | Uint16Array | Uint32Array;

/**
 * Elements are copied as whole words (8-byte elements as two 32-bit halves): integer typed arrays keep
 * every bit, NaN payloads included. A view needs its bytes aligned to the word, so an unaligned block
 * (a pooled small read) is copied first.
 */
function wordsOf(bytes: Uint8Array, word: number): Words {
  const aligned = bytes.byteOffset % word === 0 ? bytes : Uint8Array.from(bytes);
  const count = aligned.length / word;
  if (word === 1) return aligned;
  if (word === 2) return new Uint16Array(aligned.buffer, aligned.byteOffset, count);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, count);
}

/**
 * Gathers a strided view in row-major order, a word-sized element at a time (a tight loop over the
 * innermost dimension). The storage is read in blocks (the view's whole span at once when it is
 * within `spanCap` bytes), never the whole file; output goes out in chunks of about 1 MiB.
 */
async function gather(
  source: ByteSource,
  t: TensorDescriptor,
  last: number,
  sink: TensorSink,
  spanCap: number,
): Promise<void> {
  const size = WRITABLE_DTYPES[t.dtype];
  const word = size === 8 ? 4 : size;
  const per = size / word;
  const spanElements = last - t.storageOffset + 1;
  const blockElements =
    spanElements * size <= spanCap
      ? spanElements
      : Math.max(1, Math.floor(Math.min(spanCap, CHUNK) / size));
  const total = numelOf(t.shape);
  const outElements = Math.max(1, Math.min(total, Math.floor(CHUNK / size)));
  const out = new Uint8Array(outElements * size);
  const outWords = wordsOf(out, word);
  let used = 0;
  let blockStart = 0;
  let blockEnd = 0;
  let block: Words = new Uint8Array(0);
  const dims = t.shape.length;
  const inner = dims === 0 ? 1 : (t.shape[dims - 1] ?? 1);
  const innerStride = dims === 0 ? 0 : (t.stride[dims - 1] ?? 0);
  const index = new Array<number>(Math.max(0, dims - 1)).fill(0);
  let rowStart = t.storageOffset;
  for (let row = 0; row < total / inner; row++) {
    let element = rowStart;
    for (let k = 0; k < inner; k++, element += innerStride) {
      if (element < blockStart || element >= blockEnd) {
        blockStart = element;
        blockEnd = Math.min(last + 1, element + blockElements);
        const bytes = await readExact(source, blockStart * size, (blockEnd - blockStart) * size);
        block = wordsOf(bytes, word);
      }
      const from = (element - blockStart) * per;
      const to = used * per;
      for (let w = 0; w < per; w++) outWords[to + w] = block[from + w] ?? 0;
      if (++used === outElements) {
        await sink.write(out.slice());
        used = 0;
      }
    }
    // Advance the row index over the outer dimensions, carrying as needed.
    for (let d = dims - 2; d >= 0; d--) {
      const i = (index[d] ?? 0) + 1;
      const step = t.stride[d] ?? 0;
      if (i < (t.shape[d] ?? 0)) {
        index[d] = i;
        rowStart += step;
        break;
      }
      rowStart -= (i - 1) * step;
      index[d] = 0;
    }
  }
  if (used > 0) await sink.write(out.slice(0, used * size));
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
