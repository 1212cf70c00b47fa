import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { parseGguf } from './parse-gguf.ts';
import { CHATML_TEMPLATE, buildGguf, validGguf } from './testing/build-gguf.ts';
import type { GgufArray } from './types.ts';

const parse = (bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) =>
  parseGguf(memorySource(bytes), limits);
const codes = async (bytes: Uint8Array, limits?: Limits) =>
  (await parse(bytes, limits)).issues.map((i) => i.code);

describe('parseGguf', () => {
  describe('when the file is well formed', () => {
    it('returns metadata, tensor infos and the aligned data offset', async () => {
      const bytes = validGguf();
      const result = await parse(bytes);
      assert.deepEqual(result.issues, []);
      assert.equal(result.ok, true);
      if (!result.ok) return;
      const file = result.value;
      assert.equal(file.version, 3);
      assert.equal(file.metadata.get('tokenizer.chat_template')?.value, CHATML_TEMPLATE);
      assert.equal(file.metadata.get('llama.context_length')?.value, 4096n);
      assert.equal(file.metadata.get('tokenizer.ggml.add_bos_token')?.value, true);
      const tokens = file.metadata.get('tokenizer.ggml.tokens')?.value as GgufArray;
      assert.deepEqual(
        [tokens.itemType, tokens.length, tokens.items],
        ['string', 3, ['<s>', '</s>', 'a']],
      );
      assert.deepEqual(
        file.tensors.map((t) => [t.name, t.dims, t.typeName, t.offset, t.size]),
        [
          ['a.weight', [4, 2], 'F32', 0, 32],
          ['b.weight', [8], 'F32', 32, 32],
        ],
      );
      assert.equal(file.dataStart % 32, 0);
      assert.equal(file.dataStart + 64, bytes.length);
    });
    it('reads version 1 files with 32-bit lengths', async () => {
      const bytes = buildGguf({
        version: 1,
        kvs: [['a', 'string', 'x']],
        tensors: [{ name: 't', dims: [2], type: 0, offset: 0 }],
        data: 8,
      });
      const result = await parse(bytes);
      assert.deepEqual(result.issues, []);
      assert.equal(result.ok && result.value.metadata.get('a')?.value, 'x');
    });
    it('reads nested arrays and every scalar type', async () => {
      const kvs = [
        ['u8', 'uint8', 255],
        ['i8', 'int8', -1],
        ['u16', 'uint16', 65535],
        ['i16', 'int16', -2],
        ['u32', 'uint32', 7],
        ['i32', 'int32', -3],
        ['f32', 'float32', 1.5],
        ['u64', 'uint64', 2n ** 63n],
        ['i64', 'int64', -4n],
        ['f64', 'float64', 0.25],
        ['nested', 'array', { itemType: 'array', items: [{ itemType: 'int8', items: [1, 2] }] }],
      ] as const;
      const result = await parse(buildGguf({ kvs }));
      assert.deepEqual(result.issues, []);
      assert.ok(result.ok);
      assert.deepEqual(
        result.value.entries.slice(0, 10).map((e) => e.value),
        [255, -1, 65535, -2, 7, -3, 1.5, 2n ** 63n, -4n, 0.25],
      );
    });
  });

  describe('when values exceed the limits', () => {
    it('keeps the first maxEntries items of an array and skips the rest', async () => {
      const items = Array.from({ length: 50 }, (_, i) => `tok${i}`);
      const bytes = buildGguf({
        kvs: [
          ['tokens', 'array', { itemType: 'string', items }],
          ['after', 'uint8', 1],
        ],
      });
      const result = await parse(bytes, makeLimits({ maxEntries: 10 }));
      assert.deepEqual(result.issues, []);
      assert.ok(result.ok);
      const entry = result.value.metadata.get('tokens');
      assert.equal((entry?.value as GgufArray).items.length, 10);
      assert.equal((entry?.value as GgufArray).length, 50);
      assert.equal(entry?.truncated, true);
      assert.equal(result.value.metadata.get('after')?.value, 1);
    });
    it('keeps a prefix of a string longer than maxStringLength and reports it', async () => {
      const bytes = buildGguf({
        kvs: [
          ['tokenizer.chat_template', 'string', 'x'.repeat(100)],
          ['after', 'uint8', 1],
        ],
      });
      const result = await parse(bytes, makeLimits({ maxStringLength: 30 }));
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['GGUF_STRING_TOO_LONG'],
      );
      assert.ok(result.ok);
      const entry = result.value.metadata.get('tokenizer.chat_template');
      assert.equal(entry?.value, 'x'.repeat(30));
      assert.equal(entry?.truncated, true);
    });
    it('reports too many keys or tensors, and arrays nested too deep', async () => {
      assert.deepEqual(await codes(buildGguf({ kvCount: 10n ** 6n })), ['GGUF_LIMIT_EXCEEDED']);
      assert.deepEqual(await codes(buildGguf({ tensorCount: 10n ** 6n })), ['GGUF_LIMIT_EXCEEDED']);
      let value: { itemType: 'array' | 'uint8'; items: never[] } = { itemType: 'uint8', items: [] };
      for (let i = 0; i < 12; i++) value = { itemType: 'array', items: [value as never] };
      assert.deepEqual(await codes(buildGguf({ kvs: [['deep', 'array', value]] })), [
        'GGUF_LIMIT_EXCEEDED',
      ]);
    });
  });

  describe('when the metadata is inconsistent', () => {
    it('reports duplicate keys, keeps the first, and lists both entries', async () => {
      const bytes = buildGguf({
        kvs: [
          ['tokenizer.chat_template', 'string', 'a'],
          ['tokenizer.chat_template', 'string', 'b'],
        ],
      });
      const result = await parse(bytes);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['GGUF_DUPLICATE_KEY'],
      );
      assert.ok(result.ok);
      assert.equal(result.value.metadata.get('tokenizer.chat_template')?.value, 'a');
      assert.deepEqual(
        result.value.entries.map((e) => e.value),
        ['a', 'b'],
      );
    });
    it('reports invalid alignment, bools and UTF-8', async () => {
      assert.deepEqual(await codes(buildGguf({ kvs: [['general.alignment', 'uint32', 24]] })), [
        'GGUF_INVALID_ALIGNMENT',
      ]);
      assert.deepEqual(await codes(buildGguf({ kvs: [['general.alignment', 'uint64', 32n]] })), [
        'GGUF_INVALID_ALIGNMENT',
      ]);
      assert.deepEqual(await codes(buildGguf({ kvs: [['b', 'bool', 2]] })), ['GGUF_INVALID_BOOL']);
      const bad = buildGguf({ kvs: [['s', 'string', 'ab']], alignment: 1 });
      bad[bad.length - 1] = 0xff;
      assert.deepEqual(await codes(bad), ['GGUF_INVALID_UTF8']);
    });
    it('reports unknown value types as fatal but keeps what was read', async () => {
      const bytes = buildGguf({
        kvs: [
          ['tokenizer.chat_template', 'string', 'x'],
          ['b', 'uint8', 1],
        ],
        alignment: 1,
      });
      bytes[bytes.length - 5] = 99; // the type code of "b"
      const result = await parse(bytes);
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['GGUF_INVALID_VALUE_TYPE'],
      );
      assert.equal(
        !result.ok && result.partial?.metadata.get('tokenizer.chat_template')?.value,
        'x',
      );
    });
    it('reports bad magic, unsupported versions and big-endian files', async () => {
      const bytes = validGguf();
      bytes.set([0, 0, 0, 3], 4);
      const result = await parse(bytes);
      assert.equal(result.issues[0]?.code, 'GGUF_UNSUPPORTED_VERSION');
      assert.match(result.issues[0]?.message ?? '', /big-endian/);
      bytes[0] = 0;
      assert.deepEqual(await codes(bytes), ['GGUF_BAD_MAGIC']);
    });
  });

  describe('when tensor infos are invalid', () => {
    const tensors = (
      list: { name: string; dims: number[]; type: number; offset: number }[],
      data: number,
    ) => buildGguf({ tensors: list, data });
    it('reports misaligned, overlapping and out-of-range tensors', async () => {
      assert.deepEqual(await codes(tensors([{ name: 'a', dims: [4], type: 0, offset: 4 }], 64)), [
        'GGUF_MISALIGNED_TENSOR',
      ]);
      assert.deepEqual(
        await codes(
          tensors(
            [
              { name: 'a', dims: [32], type: 0, offset: 0 },
              { name: 'b', dims: [8], type: 0, offset: 64 },
            ],
            128,
          ),
        ),
        ['GGUF_TENSOR_OVERLAP'],
      );
      assert.deepEqual(
        await codes(tensors([{ name: 'a', dims: [1024], type: 0, offset: 0 }], 64)),
        ['GGUF_TENSOR_OUT_OF_RANGE'],
      );
    });
    it('reports unknown types, too many dimensions, partial blocks and duplicate names', async () => {
      assert.deepEqual(await codes(tensors([{ name: 'a', dims: [4], type: 77, offset: 0 }], 64)), [
        'GGUF_UNKNOWN_TENSOR_TYPE',
      ]);
      assert.deepEqual(
        await codes(tensors([{ name: 'a', dims: [1, 1, 1, 1, 1], type: 0, offset: 0 }], 64)),
        ['GGUF_INVALID_TENSOR_INFO'],
      );
      assert.deepEqual(await codes(tensors([{ name: 'a', dims: [33], type: 2, offset: 0 }], 64)), [
        'GGUF_INVALID_TENSOR_INFO',
      ]);
      assert.deepEqual(
        await codes(
          tensors(
            [
              { name: 'a', dims: [4], type: 0, offset: 0 },
              { name: 'a', dims: [4], type: 0, offset: 32 },
            ],
            64,
          ),
        ),
        ['GGUF_DUPLICATE_TENSOR'],
      );
    });
    it('computes quantised sizes from the block geometry', async () => {
      const result = await parse(
        tensors([{ name: 'q', dims: [256, 2], type: 12 /* Q4_K */, offset: 0 }], 288),
      );
      assert.deepEqual(result.issues, []);
      assert.equal(result.ok && result.value.tensors[0]?.size, 2 * 144);
      const q8 = await parse(
        tensors([{ name: 'q', dims: [64, 2], type: 8 /* Q8_0 */, offset: 0 }], 136),
      );
      assert.deepEqual(q8.issues, []);
      assert.equal(q8.ok && q8.value.tensors[0]?.size, 4 * 34);
    });
  });
});
