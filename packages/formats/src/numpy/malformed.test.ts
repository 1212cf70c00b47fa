import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { assertWellFormed, runMalformedSuite } from '../testing/index.ts';
import { parseNpy } from './parse-npy.ts';
import { OBJECT_NPY_BASE64, buildNpy, validNpy } from './testing/build-npy.ts';

async function parse(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseNpy(memorySource(bytes), limits);
  assertWellFormed(result, 'parseNpy');
  return result;
}

describe('parseNpy on malformed input', () => {
  runMalformedSuite({
    name: 'parseNpy',
    parse,
    samples: [
      { name: 'float32', bytes: validNpy() },
      {
        name: 'object',
        bytes: new Uint8Array(Buffer.from(OBJECT_NPY_BASE64, 'base64')),
        // Object data is a pickle of no fixed size: a partial one is judged by the pickle scanner.
        // A cut right after the header (no data at all) is reported here; see npy.test.ts.
        truncation: 'survive',
      },
    ],
    emptyCode: 'NUMPY_TRUNCATED',
    // Most flips land in the 128-byte preamble and header, where the parser works.
    flips: { rounds: 1500, seed: 0x4e9, focus: { bytes: 140, share: 1 } },
  });

  it('reports huge header length claims and limit overruns', async () => {
    const huge = buildNpy({
      major: 2,
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
      length: 0xffffffff,
    });
    assert.equal((await parse(huge)).issues[0]?.code, 'NUMPY_HEADER_TOO_LARGE');
    const past = buildNpy({
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
      length: 0xfff0,
    });
    assert.equal((await parse(past)).issues[0]?.code, 'NUMPY_TRUNCATED');
    const deep = buildNpy({
      header: `{'descr': ${'['.repeat(40)}${']'.repeat(40)}, 'fortran_order': False, 'shape': ()}`,
    });
    assert.equal((await parse(deep)).issues[0]?.code, 'NUMPY_INVALID_HEADER');
    const small = makeLimits({ maxStringLength: 16 });
    assert.equal((await parse(validNpy(), small)).issues[0]?.code, 'NUMPY_HEADER_TOO_LARGE');
    const huge64 = buildNpy({
      header: `{'descr': '<f8', 'fortran_order': False, 'shape': (${'9'.repeat(15)}, ${'9'.repeat(15)})}`,
    });
    assert.equal((await parse(huge64)).issues[0]?.code, 'NUMPY_DATA_TRUNCATED');
  });
});
