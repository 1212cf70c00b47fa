import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { assertWellFormed, flipChars, prng, runMalformedSuite } from '../testing/index.ts';
import { parseGguf } from './parse-gguf.ts';
import { templateReferences } from './template-references.ts';
import { CHATML_TEMPLATE, buildGguf, validGguf } from './testing/build-gguf.ts';

async function parse(bytes: Uint8Array | ByteSource, limits: Limits = DEFAULT_LIMITS) {
  const result = await parseGguf(bytes instanceof Uint8Array ? memorySource(bytes) : bytes, limits);
  assertWellFormed(result, 'parseGguf');
  return result;
}

describe('parseGguf on malformed input', () => {
  runMalformedSuite({
    name: 'parseGguf',
    parse,
    samples: [{ name: 'chat-template', bytes: validGguf() }],
    emptyCode: 'GGUF_TRUNCATED',
    flips: { seed: 0x99f },
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
    const result = await parse(spy);
    assert.equal(result.issues[0]?.code, 'GGUF_TRUNCATED');
    assert.ok(largest <= 1 << 16);
  });

  it('reports limit overruns', async () => {
    const many = buildGguf({
      kvs: Array.from({ length: 20 }, (_, i) => [`k${i}`, 'uint8', i] as const),
    });
    assert.equal(
      (await parse(many, makeLimits({ maxEntries: 5 }))).issues[0]?.code,
      'GGUF_LIMIT_EXCEEDED',
    );
    const values = buildGguf({
      kvs: [['a', 'array', { itemType: 'uint8', items: Array.from({ length: 50 }, () => 1) }]],
    });
    assert.equal(
      (await parse(values, makeLimits({ maxOps: 10 }))).issues[0]?.code,
      'GGUF_LIMIT_EXCEEDED',
    );
    const dims = buildGguf({
      tensors: [{ name: 't', dims: Array.from({ length: 70 }, () => 1), type: 0, offset: 0 }],
    });
    assert.equal((await parse(dims)).issues[0]?.code, 'GGUF_INVALID_TENSOR_INFO');
  });

  it('lexes mutated and pathological templates without throwing or stalling', () => {
    const random = prng(0x7e3);
    const alphabet = '{}%#-+\'"\\()[]|~._ ax';
    for (let round = 0; round < 2000; round++) {
      const text = flipChars(CHATML_TEMPLATE, random, 1 + Math.floor(random() * 6), alphabet);
      assert.ok(Array.isArray(templateReferences(text).references));
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
