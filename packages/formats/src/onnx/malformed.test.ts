import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { parseOnnx } from './parse-onnx.ts';
import { REAL_ONNX_BASE64, encode, graph, model, node, tensor } from './testing/build-onnx.ts';

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
  const result = await parseOnnx(memorySource(bytes), limits);
  if (!result.ok)
    assert.ok(
      result.issues.some((i) => i.fatal),
      'a failed parse has a fatal issue',
    );
  return result;
}

describe('parseOnnx on malformed input', () => {
  const sample = new Uint8Array(Buffer.from(REAL_ONNX_BASE64, 'base64'));

  it('reports empty input', async () => {
    assert.equal((await mustNotThrow(new Uint8Array(0))).issues[0]?.code, 'ONNX_EMPTY');
  });

  it('reports every truncation of a valid model that cuts into the graph', async () => {
    // ir_version (2 bytes) and producer_name (12) precede the graph field: tag 0x3a, 2-byte length.
    const graphEnd = 14 + 3 + 315;
    assert.equal(sample[14], 0x3a);
    for (let n = 1; n < sample.length; n++) {
      const result = await mustNotThrow(sample.subarray(0, n));
      // Protobuf has no end marker: a cut between two later top-level fields is still a valid model.
      if (n < graphEnd) assert.ok(result.issues.length > 0, `truncated at ${n}`);
    }
  });

  it('never throws on random byte flips', async () => {
    const random = prng(0x0a11);
    for (let round = 0; round < 3000; round++) {
      const bytes = sample.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      await mustNotThrow(bytes);
    }
  });

  it('reports huge length claims and limit overruns', async () => {
    // graph (field 7) claiming 2^62 bytes.
    const huge = Uint8Array.from([
      0x08, 0x08, 0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40,
    ]);
    assert.equal((await mustNotThrow(huge)).issues[0]?.code, 'ONNX_TRUNCATED');
    const many = model(graph(Array.from({ length: 30 }, (_, i) => node(`Op${i}`))));
    assert.equal(
      (await mustNotThrow(many, makeLimits({ maxEntries: 10 }))).issues[0]?.code,
      'ONNX_LIMIT_EXCEEDED',
    );
    const long = model(graph([node('Relu', 'x'.repeat(100))]));
    const result = await mustNotThrow(long, makeLimits({ maxStringLength: 10 }));
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['ONNX_STRING_TOO_LONG'],
    );
    const externals = model(
      graph(
        [],
        Array.from({ length: 20 }, (_, i) => tensor(`t${i}`, { location: 'a' })),
      ),
    );
    assert.equal(
      (await mustNotThrow(externals, makeLimits({ maxEntries: 5 }))).issues[0]?.code,
      'ONNX_LIMIT_EXCEEDED',
    );
    assert.ok((await mustNotThrow(encode([[1, 2n ** 64n - 1n]]))).issues.length > 0);
  });
});
