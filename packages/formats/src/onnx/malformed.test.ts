import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { parseOnnx } from './parse-onnx.ts';
import { REAL_ONNX_BASE64, encode, graph, model, node, tensor } from './testing/build-onnx.ts';

async function mustNotThrow(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseOnnx(memorySource(bytes), limits);
  if (!result.ok)
    assert.ok(
      result.issues.some((i) => i.fatal),
      'a failed parse has a fatal issue',
    );
  return result;
}

const sample = new Uint8Array(Buffer.from(REAL_ONNX_BASE64, 'base64'));
// ir_version (2 bytes) and producer_name (12) precede the graph field: tag 0x3a, 2-byte length.
const graphEnd = 14 + 3 + 315;

describe('parseOnnx on malformed input', () => {
  runMalformedSuite({
    name: 'parseOnnx',
    parse: (bytes, limits) => parseOnnx(memorySource(bytes), limits),
    samples: [{ name: 'real onnx 1.12 model', bytes: sample }],
    emptyCode: 'ONNX_EMPTY',
    // Protobuf has no end marker: a cut between two later top-level fields is still a valid model,
    // but every cut into the graph must be reported.
    truncation: 'survive',
    onTruncated: (result, at) => {
      if (at < graphEnd) assert.ok(result.issues.length > 0, `truncated at ${at}`);
    },
    flips: { rounds: 3000, seed: 0x0a11 },
  });

  it('starts the graph where the truncation check expects it', () => {
    assert.equal(sample[14], 0x3a);
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
