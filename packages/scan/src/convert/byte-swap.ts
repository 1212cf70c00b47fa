import { MlsecError, snippet } from '@mlsec/core';
import type { TensorInput, TensorSink } from './tensor-input.ts';

/** Reverse each `size`-byte element of `chunk` into a new array (the producer's chunk is not touched). */
function swapped(chunk: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(chunk.length);
  for (let at = 0; at < chunk.length; at += size) {
    for (let k = 0; k < size; k++) out[at + k] = chunk[at + size - 1 - k] ?? 0;
  }
  return out;
}

/**
 * The same tensor with every element's bytes reversed: a big-endian source written little-endian.
 * Chunks are swapped as they pass; a chunk that ends inside an element keeps that element's first
 * bytes until the next chunk completes it, so any chunking works and memory stays one chunk. A
 * producer that ends inside an element is SCAN_CONVERT_BYTE_COUNT (its byte count cannot be the
 * announced whole number of elements).
 */
export function byteSwapped(input: TensorInput, elementSize: number): TensorInput {
  if (!Number.isInteger(elementSize) || elementSize < 1) {
    throw new RangeError(`element size ${elementSize} is not a positive integer`);
  }
  if (elementSize === 1) return input;
  return {
    name: input.name,
    dtype: input.dtype,
    shape: input.shape,
    byteLength: input.byteLength,
    async write(sink: TensorSink): Promise<void> {
      let carry = new Uint8Array(0);
      await input.write({
        async write(chunk: Uint8Array): Promise<void> {
          let bytes = chunk;
          if (carry.length > 0) {
            bytes = new Uint8Array(carry.length + chunk.length);
            bytes.set(carry);
            bytes.set(chunk, carry.length);
          }
          const whole = bytes.length - (bytes.length % elementSize);
          carry = bytes.slice(whole);
          if (whole > 0) await sink.write(swapped(bytes.subarray(0, whole), elementSize));
        },
      });
      if (carry.length > 0) {
        throw new MlsecError(
          'SCAN_CONVERT_BYTE_COUNT',
          `tensor "${snippet(input.name, 80)}" ended ${carry.length} bytes into a ${elementSize}-byte element`,
        );
      }
    },
  };
}
