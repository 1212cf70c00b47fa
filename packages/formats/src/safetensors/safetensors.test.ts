import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { parseSafetensors } from './parse-safetensors.ts';
import { buildSafetensors, validSafetensors } from './testing/build-safetensors.ts';

async function parse(bytes: Uint8Array) {
  return parseSafetensors(memorySource(bytes), DEFAULT_LIMITS);
}

async function codes(bytes: Uint8Array): Promise<string[]> {
  return (await parse(bytes)).issues.map((i) => i.code);
}

const t = (dtype: string, shape: number[], begin: number, end: number) => ({
  dtype,
  shape,
  data_offsets: [begin, end],
});

describe('parseSafetensors', () => {
  describe('when the file is well formed', () => {
    it('returns the tensors sorted by offset, the metadata and no issues', async () => {
      const result = await parse(validSafetensors());
      assert.equal(result.ok, true);
      assert.deepEqual(result.issues, []);
      if (!result.ok) return;
      assert.deepEqual(
        result.value.tensors.map((x) => [x.name, x.dtype, x.shape, x.begin, x.end]),
        [
          ['weight', 'F32', [2, 3], 0, 24],
          ['bias', 'I8', [4], 24, 28],
        ],
      );
      assert.equal(result.value.metadata?.['format'], 'pt');
      assert.equal(result.value.dataEnd, result.value.fileSize);
    });
    it('accepts an empty header, zero-sized tensors and sub-byte dtypes', async () => {
      assert.deepEqual(await codes(buildSafetensors({ header: {} })), []);
      const bytes = buildSafetensors({
        header: {
          e: t('F32', [0, 3], 0, 0),
          f4: t('F4', [2, 2], 0, 2),
          f6: t('F6_E2M3', [4], 2, 5),
        },
        data: 5,
      });
      assert.deepEqual(await codes(bytes), []);
    });
  });

  describe('when the length prefix lies', () => {
    it('reports a header claimed past the end of the file without reading it', async () => {
      let asked = 0;
      const bytes = buildSafetensors({ header: {}, length: 10n * 1024n ** 3n });
      const source = memorySource(bytes);
      const result = await parseSafetensors(
        { size: source.size, read: (o, n) => ((asked = Math.max(asked, n)), source.read(o, n)) },
        DEFAULT_LIMITS,
      );
      assert.equal(result.ok, false);
      assert.equal(result.issues[0]?.code, 'SAFETENSORS_HEADER_OUT_OF_RANGE');
      assert.ok(asked <= 8);
    });
    it('reports a header larger than the limit', async () => {
      const bytes = buildSafetensors({ header: { a: t('U8', [1], 0, 1) }, data: 1 });
      const result = await parseSafetensors(memorySource(bytes), {
        ...DEFAULT_LIMITS,
        maxBytes: 16,
      });
      assert.equal(result.issues[0]?.code, 'SAFETENSORS_HEADER_TOO_LARGE');
    });
  });

  describe('when the header is not a valid JSON object', () => {
    it('reports invalid UTF-8, JSON and non-objects as fatal', async () => {
      const bad = buildSafetensors({ header: '{"a":1}' });
      bad[10] = 0xff;
      assert.deepEqual(await codes(bad), ['SAFETENSORS_INVALID_UTF8']);
      assert.deepEqual(await codes(buildSafetensors({ header: '{"a":' })), [
        'SAFETENSORS_INVALID_JSON',
      ]);
      assert.deepEqual(await codes(buildSafetensors({ header: '[1]' })), [
        'SAFETENSORS_INVALID_HEADER_START',
        'SAFETENSORS_NOT_AN_OBJECT',
      ]);
    });
    it('reports nesting deeper than a header can be as a limit', async () => {
      const bytes = buildSafetensors({ header: '{"a":{"shape":[[[1]]]}}' });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_LIMIT_EXCEEDED']);
    });
    it('reports prototype-polluting and duplicate keys', async () => {
      const header = `{"__proto__":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":${JSON.stringify(t('U8', [1], 0, 1))},"a":${JSON.stringify(t('U8', [1], 0, 1))}}`;
      assert.deepEqual(await codes(buildSafetensors({ header, data: 1 })), [
        'SAFETENSORS_FORBIDDEN_KEY',
        'SAFETENSORS_DUPLICATE_KEY',
      ]);
    });
    it('reports padding other than spaces', async () => {
      const bytes = buildSafetensors({ header: '{}\n\t', pad: false });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_INVALID_PADDING']);
    });
  });

  describe('when a tensor entry is invalid', () => {
    it('reports unknown dtypes, bad shapes, bad offsets and unknown fields', async () => {
      const bytes = buildSafetensors({
        header: {
          a: { ...t('Q4', [1], 0, 1), extra: 'x' },
          b: t('U8', [-1], 1, 2),
          c: { dtype: 'U8', shape: [1], data_offsets: [3, 2] },
          d: { dtype: 'U8', shape: [1], data_offsets: [0, 1.5] },
          e: 'not an object',
        },
        data: 2,
      });
      assert.deepEqual(await codes(bytes), [
        'SAFETENSORS_UNKNOWN_FIELD',
        'SAFETENSORS_UNKNOWN_DTYPE',
        'SAFETENSORS_INVALID_SHAPE',
        'SAFETENSORS_INVALID_OFFSETS',
        'SAFETENSORS_INVALID_OFFSETS',
        'SAFETENSORS_INVALID_TENSOR',
      ]);
    });
    it('reports a span that does not match dtype and shape', async () => {
      const bytes = buildSafetensors({ header: { a: t('F32', [2], 0, 4) }, data: 4 });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_SIZE_MISMATCH']);
    });
    it('does not overflow on huge shapes', async () => {
      const big = 2 ** 40;
      const bytes = buildSafetensors({ header: { a: t('F64', [big, big, big], 0, 8) }, data: 8 });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_SIZE_MISMATCH']);
    });
    it('reports a sub-byte tensor that does not end on a byte boundary', async () => {
      const bytes = buildSafetensors({ header: { a: t('F4', [3], 0, 2) }, data: 2 });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_SIZE_MISMATCH']);
    });
    it('reports metadata values that are not strings', async () => {
      const bytes = buildSafetensors({ header: { __metadata__: { a: 1, b: 'ok' } } });
      const result = await parse(bytes);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['SAFETENSORS_INVALID_METADATA'],
      );
      assert.equal(result.ok && result.value.metadata?.['b'], 'ok');
    });
  });

  describe('when the byte buffer is not exactly covered', () => {
    it('reports overlapping tensors', async () => {
      const bytes = buildSafetensors({
        header: { a: t('U8', [4], 0, 4), b: t('U8', [4], 2, 6) },
        data: 6,
      });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_OVERLAP']);
    });
    it('reports gaps, including before the first tensor', async () => {
      const bytes = buildSafetensors({
        header: { a: t('U8', [2], 2, 4), b: t('U8', [2], 6, 8) },
        data: 8,
      });
      assert.deepEqual(await codes(bytes), ['SAFETENSORS_GAP', 'SAFETENSORS_GAP']);
    });
    it('reports offsets past the end of the file', async () => {
      const bytes = buildSafetensors({ header: { a: t('U8', [100], 0, 100) }, data: 10 });
      const result = await parse(bytes);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['SAFETENSORS_OUT_OF_RANGE'],
      );
    });
    it('reports bytes after the last tensor', async () => {
      const bytes = buildSafetensors({ header: { a: t('U8', [2], 0, 2) }, data: 50 });
      const result = await parse(bytes);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['SAFETENSORS_TRAILING_DATA'],
      );
      assert.equal(result.ok && result.value.dataEnd, result.ok && result.value.dataStart + 2);
    });
  });
});
