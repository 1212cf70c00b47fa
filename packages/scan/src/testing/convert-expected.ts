import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { parseNpy } from '@mlsec/formats';
import { WRITABLE_DTYPES } from '../convert/tensor-input.ts';
import type { WritableDtype } from '../convert/tensor-input.ts';

// Test helpers for the conversion suites: the fixtures that fixtures/convert/generate.py wrote with
// torch, numpy and joblib, and element-by-element comparison with their expected values.

/** fixtures/convert/ (checkpoints, arrays, expected/*.npy and expected/manifest.json). */
export const CONVERT_FIXTURES = new URL('../../../../fixtures/convert/', import.meta.url);

/** An expected .npy (C order, little-endian): its shape and data bytes. */
export async function expectedValues(
  path: string,
): Promise<{ shape: number[]; bytes: Uint8Array }> {
  const bytes = readFileSync(new URL(path, CONVERT_FIXTURES));
  const header = await parseNpy(memorySource(bytes), DEFAULT_LIMITS);
  assert.ok(header.ok);
  assert.equal(header.value.fortranOrder, false);
  const { dataOffset, dataLength, shape } = header.value;
  return { shape: [...shape], bytes: bytes.subarray(dataOffset, dataOffset + dataLength) };
}

/** Compare element by element, naming the first element that differs. */
export function assertSameElements(
  name: string,
  dtype: WritableDtype,
  got: Uint8Array,
  want: Uint8Array,
): void {
  const size = WRITABLE_DTYPES[dtype];
  assert.equal(got.length, want.length, `${name}: byte length`);
  for (let i = 0; i < want.length; i += size) {
    const a = Buffer.from(got.subarray(i, i + size)).toString('hex');
    const b = Buffer.from(want.subarray(i, i + size)).toString('hex');
    assert.equal(a, b, `${name}: element ${i / size} differs`);
  }
}
