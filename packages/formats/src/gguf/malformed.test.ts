import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { parseGguf } from './parse-gguf.ts';
import { templateReferences } from './template-references.ts';
import { CHATML_TEMPLATE, buildGguf, validGguf } from './testing/build-gguf.ts';

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

async function mustNotThrow(bytes: Uint8Array | ByteSource, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseGguf(bytes instanceof Uint8Array ? memorySource(bytes) : bytes, limits);
  if (!result.ok)
    assert.ok(
      result.issues.some((i) => i.fatal),
      'a failed parse has a fatal issue',
    );
  return result;
}

describe('parseGguf on malformed input', () => {
  const sample = validGguf();

  it('reports empty input', async () => {
    const result = await mustNotThrow(new Uint8Array(0));
    assert.equal(result.issues[0]?.code, 'GGUF_TRUNCATED');
  });

  it('reports every truncation of a valid file', async () => {
    for (let n = 0; n < sample.length; n++) {
      const result = await mustNotThrow(sample.subarray(0, n));
      assert.ok(result.issues.length > 0, `truncated at ${n}`);
    }
  });

  it('never throws on random byte flips', async () => {
    const random = prng(0x99f);
    for (let round = 0; round < 2000; round++) {
      const bytes = sample.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      await mustNotThrow(bytes);
    }
  });

  it('reports huge length claims without reading or allocating them', async () => {
    const huge = buildGguf({ kvs: [['k', 'string', 'v']] });
    // The value length of "k" is the u64 before the final "v".
    new DataView(huge.buffer).setBigUint64(huge.indexOf(0x76, 30) - 8, 2n ** 62n, true);
    let largest = 0;
    const source = memorySource(huge);
    const spy: ByteSource = {
      size: source.size,
      read: (offset, length) => {
        largest = Math.max(largest, length);
        return source.read(offset, length);
      },
    };
    const result = await mustNotThrow(spy);
    assert.equal(result.issues[0]?.code, 'GGUF_TRUNCATED');
    assert.ok(largest <= 1 << 16);
  });

  it('reports limit overruns', async () => {
    const many = buildGguf({
      kvs: Array.from({ length: 20 }, (_, i) => [`k${i}`, 'uint8', i] as const),
    });
    assert.equal(
      (await mustNotThrow(many, makeLimits({ maxEntries: 5 }))).issues[0]?.code,
      'GGUF_LIMIT_EXCEEDED',
    );
    const values = buildGguf({
      kvs: [['a', 'array', { itemType: 'uint8', items: Array.from({ length: 50 }, () => 1) }]],
    });
    assert.equal(
      (await mustNotThrow(values, makeLimits({ maxOps: 10 }))).issues[0]?.code,
      'GGUF_LIMIT_EXCEEDED',
    );
    const dims = buildGguf({
      tensors: [{ name: 't', dims: Array.from({ length: 70 }, () => 1), type: 0, offset: 0 }],
    });
    assert.equal((await mustNotThrow(dims)).issues[0]?.code, 'GGUF_INVALID_TENSOR_INFO');
  });

  it('lexes mutated and pathological templates without throwing or stalling', () => {
    const random = prng(0x7e3);
    const alphabet = '{}%#-+\'"\\()[]|~._ ax';
    for (let round = 0; round < 2000; round++) {
      const chars = [...CHATML_TEMPLATE];
      for (let f = 0; f < 1 + Math.floor(random() * 6); f++) {
        chars[Math.floor(random() * chars.length)] =
          alphabet[Math.floor(random() * alphabet.length)] ?? '';
      }
      assert.ok(Array.isArray(templateReferences(chars.join('')).references));
    }
    const started = Date.now();
    for (const text of [
      '{{'.repeat(50_000),
      "{{ '" + '\\x'.repeat(50_000),
      '{% raw %}'.repeat(20_000),
      '{{ ' + '('.repeat(50_000),
    ]) {
      templateReferences(text);
    }
    assert.ok(Date.now() - started < 5000, 'pathological templates are lexed in linear time');
  });
});
