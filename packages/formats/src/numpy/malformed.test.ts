import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { parseNpy } from './parse-npy.ts';
import { OBJECT_NPY_BASE64, buildNpy, validNpy } from './testing/build-npy.ts';

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function mustNotThrow(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseNpy(memorySource(bytes), limits);
  if (!result.ok)
    assert.ok(
      result.issues.some((i) => i.fatal),
      'a failed parse has a fatal issue',
    );
  return result;
}

describe('parseNpy on malformed input', () => {
  const samples = [validNpy(), new Uint8Array(Buffer.from(OBJECT_NPY_BASE64, 'base64'))];

  it('reports empty input', async () => {
    const result = await mustNotThrow(new Uint8Array(0));
    assert.equal(result.issues[0]?.code, 'NUMPY_TRUNCATED');
  });

  it('reports every truncation of a valid file', async () => {
    const sample = validNpy();
    for (let n = 0; n < sample.length; n++) {
      const result = await mustNotThrow(sample.subarray(0, n));
      assert.ok(result.issues.length > 0, `truncated at ${n}`);
    }
  });

  it('never throws on random byte flips', async () => {
    const random = prng(0x4e9);
    for (let round = 0; round < 3000; round++) {
      const bytes = (samples[round % 2] as Uint8Array).slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        // Most flips land in the 128-byte preamble and header, where the parser works.
        bytes[Math.floor(random() * Math.min(bytes.length, 140))] = Math.floor(random() * 256);
      }
      await mustNotThrow(bytes);
    }
  });

  it('reports huge header length claims and limit overruns', async () => {
    const huge = buildNpy({
      major: 2,
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
      length: 0xffffffff,
    });
    assert.equal((await mustNotThrow(huge)).issues[0]?.code, 'NUMPY_HEADER_TOO_LARGE');
    const past = buildNpy({
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
      length: 0xfff0,
    });
    assert.equal((await mustNotThrow(past)).issues[0]?.code, 'NUMPY_TRUNCATED');
    const deep = buildNpy({
      header: `{'descr': ${'['.repeat(40)}${']'.repeat(40)}, 'fortran_order': False, 'shape': ()}`,
    });
    assert.equal((await mustNotThrow(deep)).issues[0]?.code, 'NUMPY_INVALID_HEADER');
    const small = makeLimits({ maxStringLength: 16 });
    assert.equal((await mustNotThrow(validNpy(), small)).issues[0]?.code, 'NUMPY_HEADER_TOO_LARGE');
    const huge64 = buildNpy({
      header: `{'descr': '<f8', 'fortran_order': False, 'shape': (${'9'.repeat(15)}, ${'9'.repeat(15)})}`,
    });
    assert.equal((await mustNotThrow(huge64)).issues[0]?.code, 'NUMPY_DATA_TRUNCATED');
  });
});
