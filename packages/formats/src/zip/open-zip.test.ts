import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { openZip } from './open-zip.ts';
import { buildZip } from './testing/build-zip.ts';
import type { BuildEntry, BuildOptions } from './testing/build-zip.ts';
import type { ZipArchive } from './types.ts';

async function open(
  entries: BuildEntry[],
  options: BuildOptions = {},
  limits: Limits = DEFAULT_LIMITS,
): Promise<ZipArchive> {
  const result = await openZip(memorySource(buildZip(entries, options)), limits);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

const codesOf = (issues: readonly { code: string }[]): string[] => issues.map((i) => i.code);

describe('openZip', () => {
  describe('when the archive is a clean PyTorch-style checkpoint', () => {
    it('lists members with names, methods, sizes and data offsets', async () => {
      const zip = await open([
        { name: 'archive/data.pkl', data: 'PICKLE' },
        { name: 'archive/data/0', data: 'tensor bytes', method: 8 },
        { name: 'archive/version', data: '3\n' },
      ]);
      assert.deepEqual(
        zip.entries.map((e) => e.name),
        ['archive/data.pkl', 'archive/data/0', 'archive/version'],
      );
      assert.deepEqual(
        zip.entries.map((e) => e.method),
        [0, 8, 0],
      );
      assert.equal(zip.entries[0]?.dataOffset, 30 + 'archive/data.pkl'.length);
      assert.equal(zip.entries[1]?.uncompressedSize, 'tensor bytes'.length);
      assert.equal(zip.prefixLength, 0);
      assert.deepEqual(
        zip.entries.flatMap((e) => e.issues),
        [],
      );
    });
    it('reads only the end record, the central directory and the local headers', async () => {
      const tensor = new Uint8Array(1 << 20);
      const bytes = buildZip([
        { name: 'a/data.pkl', data: 'x' },
        { name: 'a/data/0', data: tensor },
      ]);
      const reads: [number, number][] = [];
      const inner = memorySource(bytes);
      const spy: ByteSource = {
        size: inner.size,
        read: (o, n) => (reads.push([o, n]), inner.read(o, n)),
      };
      const result = await openZip(spy, DEFAULT_LIMITS);
      assert.ok(result.ok);
      const tensorStart = result.value.entries[1]?.dataOffset ?? 0;
      const touched = reads.some(
        ([o, n]) => o < tensorStart + tensor.length && o + n > tensorStart + 64,
      );
      assert.equal(touched, false, `tensor bytes were read: ${JSON.stringify(reads)}`);
    });
  });

  describe('when names use the UTF-8 flag or CP437', () => {
    it('decodes both', async () => {
      const zip = await open([
        { name: 'modèle/ü.pkl', data: 'x' },
        { name: Uint8Array.from([0x81, 0x2e, 0x70]) },
      ]);
      assert.equal(zip.entries[0]?.name, 'modèle/ü.pkl');
      assert.equal(zip.entries[0]?.utf8, true);
      assert.equal(zip.entries[1]?.name, 'ü.p');
      assert.equal(zip.entries[1]?.utf8, false);
    });
  });

  describe('when the archive uses ZIP64 records', () => {
    it('takes sizes and offsets from the ZIP64 fields', async () => {
      const zip = await open(
        [
          { name: 'a.pkl', data: 'hello' },
          { name: 'b.bin', data: 'world!' },
        ],
        { zip64: true },
      );
      assert.equal(zip.zip64, true);
      assert.deepEqual(
        zip.entries.map((e) => e.uncompressedSize),
        [5, 6],
      );
      assert.deepEqual(
        zip.entries.flatMap((e) => e.issues),
        [],
      );
    });
    it('still finds a ZIP64 archive behind a prefix', async () => {
      const result = await openZip(
        memorySource(
          buildZip([{ name: 'a.pkl', data: 'hello' }], {
            zip64: true,
            prefix: new Uint8Array(100),
          }),
        ),
        DEFAULT_LIMITS,
      );
      assert.ok(result.ok);
      assert.equal(result.value.prefixLength, 100);
    });
  });

  describe('when other data precedes the archive', () => {
    const jpeg = Uint8Array.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      ...new Array<number>(60).fill(7),
      0xff,
      0xd9,
    ]);
    for (const adjustOffsets of [false, true]) {
      it(`reports PREFIXED_DATA and opens it (offsets ${adjustOffsets ? 'adjusted' : 'archive-relative'})`, async () => {
        const result = await openZip(
          memorySource(buildZip([{ name: 'x.pkl', data: 'abc' }], { prefix: jpeg, adjustOffsets })),
          DEFAULT_LIMITS,
        );
        assert.ok(result.ok);
        assert.deepEqual(codesOf(result.issues), ['PREFIXED_DATA']);
        assert.equal(result.value.prefixLength, jpeg.length);
        assert.equal(result.value.entries[0]?.dataOffset, jpeg.length + 30 + 5);
      });
    }
  });

  describe('when members are named to escape the extraction folder', () => {
    const cases: [string, string][] = [
      ['../../etc/passwd', 'NAME_TRAVERSAL'],
      ['/etc/passwd', 'NAME_ABSOLUTE'],
      ['C:/Windows/evil.dll', 'NAME_ABSOLUTE'],
      ['a\\..\\..\\evil', 'NAME_TRAVERSAL'],
      ['a\0.pkl', 'NAME_NUL'],
    ];
    for (const [name, code] of cases) {
      it(`reports ${code} for ${JSON.stringify(name)}`, async () => {
        const zip = await open([{ name, data: 'x' }]);
        assert.ok(codesOf(zip.entries[0]?.issues ?? []).includes(code));
      });
    }
  });

  describe('when headers disagree or lie', () => {
    it('reports LOCAL_NAME_MISMATCH when the local header names another file', async () => {
      const zip = await open([
        { name: 'archive/data.pkl', localName: 'archive/evil.pkl', data: 'x' },
      ]);
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), ['LOCAL_NAME_MISMATCH']);
    });
    it('reports LOCAL_METHOD_MISMATCH', async () => {
      const zip = await open([{ name: 'a', data: 'x', localMethod: 8 }]);
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), ['LOCAL_METHOD_MISMATCH']);
    });
    it('reports DUPLICATE_NAME for the second copy', async () => {
      const zip = await open([
        { name: 'a/data.pkl', data: '1' },
        { name: 'a/data.pkl', data: '2' },
      ]);
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), []);
      assert.deepEqual(codesOf(zip.entries[1]?.issues ?? []), ['DUPLICATE_NAME']);
    });
    it('reports ENCRYPTED and ODD_FLAGS but keeps the data offset (torch reads it anyway)', async () => {
      const zip = await open([{ name: 'a', data: 'x', flags: 0x0001 | 0x0040 }]);
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), ['ENCRYPTED', 'ODD_FLAGS']);
      assert.notEqual(zip.entries[0]?.dataOffset, undefined);
    });
    it('reports UNSUPPORTED_METHOD for bzip2 (12) members', async () => {
      const zip = await open([{ name: 'a', data: 'x', method: 12 }]);
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), ['UNSUPPORTED_METHOD']);
    });
    it('reports OVERLAPPING_ENTRIES when two members share bytes', async () => {
      const zip = await open([
        { name: 'a', data: 'xxxx' },
        { name: 'a', localName: 'a', data: 'yyyy', offset: 0 },
      ]);
      assert.ok(codesOf(zip.entries[1]?.issues ?? []).includes('OVERLAPPING_ENTRIES'));
    });
    it('reports SIZE_PAST_END when a member claims more data than there is', async () => {
      const zip = await open([
        { name: 'a', data: 'x', compressedSize: 5000, uncompressedSize: 5000 },
      ]);
      assert.ok(codesOf(zip.entries[0]?.issues ?? []).includes('SIZE_PAST_END'));
    });
    it('reports ENTRY_COUNT_MISMATCH when the end record count differs', async () => {
      const result = await openZip(
        memorySource(buildZip([{ name: 'a', data: 'x' }], { declaredEntries: 3 })),
        DEFAULT_LIMITS,
      );
      assert.deepEqual(codesOf(result.issues), ['ENTRY_COUNT_MISMATCH']);
    });
    it('reports END_RECORD_COMMENT_MISMATCH for bytes after the end record', async () => {
      const result = await openZip(
        memorySource(buildZip([{ name: 'a' }], { trailing: Buffer.from('junk') })),
        DEFAULT_LIMITS,
      );
      assert.deepEqual(codesOf(result.issues), ['END_RECORD_COMMENT_MISMATCH']);
    });
  });

  describe('when limits are reached', () => {
    it('reports TOO_MANY_ENTRIES and keeps the first maxEntries', async () => {
      const entries = Array.from({ length: 5 }, (_, i) => ({ name: `m${i}`, data: 'x' }));
      const zip = await openZip(memorySource(buildZip(entries)), makeLimits({ maxEntries: 3 }));
      assert.ok(zip.ok);
      assert.equal(zip.value.entries.length, 3);
      assert.deepEqual(codesOf(zip.issues), ['TOO_MANY_ENTRIES']);
    });
    it('reports CENTRAL_DIRECTORY_TOO_LARGE past maxBytes', async () => {
      const result = await openZip(
        memorySource(buildZip([{ name: 'abc' }])),
        makeLimits({ maxBytes: 10 }),
      );
      assert.equal(result.ok, false);
      assert.deepEqual(codesOf(result.issues), ['CENTRAL_DIRECTORY_TOO_LARGE']);
    });
    it('reports NAME_TOO_LONG and cuts the name', async () => {
      const zip = await open([{ name: 'x'.repeat(50) }], {}, makeLimits({ maxStringLength: 10 }));
      assert.equal(zip.entries[0]?.name, 'x'.repeat(10));
      assert.deepEqual(codesOf(zip.entries[0]?.issues ?? []), ['NAME_TOO_LONG']);
    });
  });
});
