import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { entrySource, inflateEntry, readEntry } from './extract.ts';
import { openZip } from './open-zip.ts';
import { buildZip } from './testing/build-zip.ts';
import type { BuildEntry } from './testing/build-zip.ts';
import type { ZipArchive, ZipEntry } from './types.ts';

async function first(
  entry: BuildEntry,
  limits: Limits = DEFAULT_LIMITS,
): Promise<[ZipArchive, ZipEntry]> {
  const result = await openZip(memorySource(buildZip([entry])), limits);
  assert.ok(result.ok);
  const e = result.value.entries[0];
  assert.ok(e);
  return [result.value, e];
}

const codesOf = (issues: readonly { code: string }[]): string[] => issues.map((i) => i.code);

describe('entrySource', () => {
  it('gives the bytes of a stored member', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'stored content' });
    const source = entrySource(zip, entry);
    assert.ok(source);
    assert.equal(Buffer.from(await source.read(0, source.size)).toString(), 'stored content');
  });
  it('is undefined for a deflated member', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'x', method: 8 });
    assert.equal(entrySource(zip, entry), undefined);
  });
});

describe('inflateEntry', () => {
  it('inflates a deflated member and checks its CRC', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'deflated '.repeat(100), method: 8 });
    const result = await inflateEntry(zip, entry, { maxBytes: 1 << 20 });
    assert.ok(result.ok);
    assert.equal(Buffer.from(result.value).toString(), 'deflated '.repeat(100));
    assert.deepEqual(result.issues, []);
  });
  describe('when the member is a bomb', () => {
    const zeros = new Uint8Array(16 << 20);
    it('reports BOMB when the actual ratio passes the limit', async () => {
      const [zip, entry] = await first(
        { name: 'bomb', data: zeros, method: 8, uncompressedSize: 10 },
        makeLimits({ maxCompressionRatio: 100 }),
      );
      const result = await inflateEntry(zip, entry, { maxBytes: 64 << 20 });
      assert.deepEqual(codesOf(result.issues), ['BOMB']);
    });
    it('reports BOMB from the declared sizes without inflating', async () => {
      const [zip, entry] = await first({
        name: 'bomb',
        data: 'x',
        method: 8,
        uncompressedSize: 2 ** 32 - 2,
      });
      const result = await inflateEntry(zip, entry, { maxBytes: 64 << 20 });
      assert.deepEqual(codesOf(result.issues), ['BOMB']);
    });
    it('reports DECOMPRESSED_TOO_LARGE past maxBytes', async () => {
      const text = Array.from({ length: 100_000 }, (_, i) => `${i * 7919}`).join(',');
      const [zip, entry] = await first({ name: 'big', data: text, method: 8 });
      const result = await inflateEntry(zip, entry, { maxBytes: 200_000 });
      assert.deepEqual(codesOf(result.issues), ['DECOMPRESSED_TOO_LARGE']);
    });
  });
  it('reports CRC_MISMATCH and SIZE_MISMATCH but returns the data', async () => {
    const [zip, entry] = await first({
      name: 'a',
      data: 'abc',
      method: 8,
      crc32: 1,
      uncompressedSize: 4,
    });
    const result = await inflateEntry(zip, entry, { maxBytes: 100 });
    assert.ok(result.ok);
    assert.deepEqual(codesOf(result.issues), ['SIZE_MISMATCH', 'CRC_MISMATCH']);
  });
  it('reports UNSUPPORTED_METHOD for a stored member', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'abc' });
    assert.deepEqual(codesOf((await inflateEntry(zip, entry, { maxBytes: 100 })).issues), [
      'UNSUPPORTED_METHOD',
    ]);
  });
  it('reports corrupt deflate data', async () => {
    const [zip, entry] = await first({
      name: 'a',
      data: Uint8Array.from([0xff, 0xff, 0xff]),
      method: 9,
    });
    const forced = { ...entry, method: 8 };
    const result = await inflateEntry(zip, forced, { maxBytes: 100 });
    assert.equal(result.ok, false);
  });
});

describe('readEntry', () => {
  it('reads a stored member and checks its CRC', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'abc', crc32: 7 });
    const result = await readEntry(zip, entry, { maxBytes: 100 });
    assert.ok(result.ok);
    assert.deepEqual(codesOf(result.issues), ['CRC_MISMATCH']);
  });
  it('refuses a stored member over maxBytes', async () => {
    const [zip, entry] = await first({ name: 'a', data: 'abcdef' });
    assert.deepEqual(codesOf((await readEntry(zip, entry, { maxBytes: 3 })).issues), [
      'DECOMPRESSED_TOO_LARGE',
    ]);
  });
});
