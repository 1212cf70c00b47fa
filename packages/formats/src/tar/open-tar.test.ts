import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { openTar, tarEntrySource } from './open-tar.ts';
import { buildTar } from './testing/build-tar.ts';
import type { TarBuildEntry } from './testing/build-tar.ts';
import type { TarArchive } from './types.ts';

async function open(
  entries: TarBuildEntry[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<TarArchive> {
  const result = await openTar(memorySource(buildTar(entries)), limits);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

const codesOf = (issues: readonly { code: string }[]): string[] => issues.map((i) => i.code);

describe('openTar', () => {
  describe('when the archive is a plain ustar file', () => {
    it('lists members and gives their data without reading others', async () => {
      const tar = await open([
        { name: 'model/', type: '5' },
        { name: 'model/data.pkl', data: 'PICKLE' },
        { name: 'model/weights.bin', data: new Uint8Array(1000) },
      ]);
      assert.deepEqual(
        tar.entries.map((e) => [e.name, e.type, e.size]),
        [
          ['model/', 'directory', 0],
          ['model/data.pkl', 'file', 6],
          ['model/weights.bin', 'file', 1000],
        ],
      );
      const entry = tar.entries[1];
      assert.ok(entry);
      const source = tarEntrySource(tar, entry);
      assert.equal(Buffer.from(await source.read(0, source.size)).toString(), 'PICKLE');
      assert.deepEqual(
        tar.entries.flatMap((e) => e.issues),
        [],
      );
    });
  });

  describe('when names are long', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.pkl`;
    it('joins the ustar prefix and name', async () => {
      const tar = await open([{ name: 'data.pkl', prefix: 'deep/folder', data: 'x' }]);
      assert.equal(tar.entries[0]?.name, 'deep/folder/data.pkl');
    });
    it('reads GNU L and K records', async () => {
      const tar = await open([
        { name: long, type: '2', linkName: `${'t'.repeat(150)}`, gnuLong: true },
      ]);
      assert.equal(tar.entries[0]?.name, long);
      assert.equal(tar.entries[0]?.linkName, 't'.repeat(150));
    });
    it('reads pax path, linkpath and size records', async () => {
      const tar = await open([{ name: 'short', data: 'abcdef', pax: { path: long, size: '6' } }]);
      assert.equal(tar.entries[0]?.name, long);
      assert.equal(tar.entries[0]?.size, 6);
    });
  });

  describe('when the archive was written by Python tarfile', () => {
    // tarfile.open(mode='w', format=GNU_FORMAT / PAX_FORMAT) with model/data.pkl, a 130-character
    // non-ASCII name and a symlink to '../' + 'y' * 120, mtime 0; gzip.compress(..., mtime=0); base64.
    const GNU =
      'H4sIAAAAAAACA+3YPQ6CMBgG4B6lJ2hL+elqYhwMDG7OGAwS/oxg1CN5Di9mZTBKSHQpKLzP0qYdy/v1K3kZbTMehXXI9mlG' +
      'jBCa5zjNqLXHx+7LXK9bwpGSUEF6cKzq8EApmajVcu4HCwITxTjjs6As4iApUmIu/x25f2ZeWs57/oVSrs5/gPwblzf1/zwQ' +
      'frpdk3hXV2yTFAjjSM//w/1vSdXKv+0K28b934c1wJ9C9R5H/2epjv7PI9RH/Td//oxfBoLw/Uz/l5kL/1f/f1pzW+k3IaGy' +
      'j49z4vkHAAAAAAAAAACA8boDKKSt6QAoAAA=';
    const PAX =
      'H4sIAAAAAAACA+3YPQrCMAAF4MyeIifIX2ODgyCIoOjg5hxp0WL9oa1Yj+Q5vJi1g2gVnJqifd+SkA4Zmtc8ut0HYcwDm1l2' +
      '2MSkFqLga12Ohep4f/o0L9al0L4iVBAHjmlmk2J70k7zyXA6GxFoKcYZH8xtPg5tECb15f9D7h+ZV6pbzb+SmtAc+a+d1D16' +
      'sNm6vy0vgrwh/HS9RKt1lrJltOsgls64eO1f7n+pjH7Nv9cVxsP978IC4Efh6/0n/U/Kt/4nDPqfk/7nGRpHu03ZARnj54ag' +
      '8zXZ/+4noL49vv//qcw9I3xJqHJxHluefwAAAAAAAAAAAPhfN/3AQBoAKAAA';
    for (const [label, b64] of [
      ['GNU', GNU],
      ['pax', PAX],
    ] as const) {
      it(`reads the ${label} long names and the link target, which stays inside`, async () => {
        const result = await openTar(
          memorySource(gunzipSync(Buffer.from(b64, 'base64'))),
          DEFAULT_LIMITS,
        );
        assert.ok(result.ok, JSON.stringify(result.issues));
        assert.deepEqual(
          result.value.entries.map((e) => [e.name, e.size]),
          [
            ['model/data.pkl', 6],
            [`model/${'x'.repeat(120)}/wéights.bin`, 700],
            ['model/link', 0],
          ],
        );
        assert.equal(result.value.entries[2]?.linkName, `../${'y'.repeat(120)}`);
        assert.deepEqual(
          result.value.entries.flatMap((e) => codesOf(e.issues)),
          [],
        ); // model/../y… stays inside
      });
    }
  });

  it('reads base-256 sizes', async () => {
    const tar = await open([{ name: 'big', data: 'hello', base256: true }]);
    assert.equal(tar.entries[0]?.size, 5);
  });

  describe('when members are dangerous', () => {
    it('reports NAME_TRAVERSAL and NAME_ABSOLUTE', async () => {
      const tar = await open([
        { name: '../evil.pth', data: 'x' },
        { name: '/etc/cron.d/x', data: 'x' },
      ]);
      assert.deepEqual(
        tar.entries.map((e) => codesOf(e.issues)),
        [['NAME_TRAVERSAL'], ['NAME_ABSOLUTE']],
      );
    });
    it('reports LINK_ESCAPES for symlinks and hardlinks pointing outside', async () => {
      const tar = await open([
        { name: 'a/b/link', type: '2', linkName: '../../../etc/passwd' },
        { name: 'a/ok', type: '2', linkName: '../a/b' },
        { name: 'hard', type: '1', linkName: '/etc/shadow' },
      ]);
      assert.deepEqual(
        tar.entries.map((e) => codesOf(e.issues)),
        [['LINK_ESCAPES'], [], ['LINK_ESCAPES']],
      );
    });
    it('reports DUPLICATE_NAME and UNKNOWN_TYPE', async () => {
      const tar = await open([
        { name: 'x', data: '1' },
        { name: 'x', data: '2', type: 'Z' },
      ]);
      assert.deepEqual(codesOf(tar.entries[1]?.issues ?? []), ['UNKNOWN_TYPE', 'DUPLICATE_NAME']);
    });
    it('reports LINK_WITH_DATA for a symlink that declares data', async () => {
      const tar = await open([{ name: 'l', type: '2', linkName: 't', size: 512 }]);
      assert.deepEqual(codesOf(tar.entries[0]?.issues ?? []), ['LINK_WITH_DATA']);
    });
  });

  describe('when the archive is damaged', () => {
    it('reports BAD_CHECKSUM and keeps the members before it', async () => {
      const result = await openTar(
        memorySource(
          buildTar([
            { name: 'a', data: 'x' },
            { name: 'b', data: 'y', checksumDelta: 1 },
          ]),
        ),
        DEFAULT_LIMITS,
      );
      assert.ok(result.ok);
      assert.equal(result.value.entries.length, 1);
      assert.deepEqual(codesOf(result.issues), ['BAD_CHECKSUM']);
    });
    it('fails on a first header with a bad checksum', async () => {
      const result = await openTar(
        memorySource(buildTar([{ name: 'a', checksumDelta: 3 }])),
        DEFAULT_LIMITS,
      );
      assert.equal(result.ok, false);
    });
    it('reports TRUNCATED when data runs past the end', async () => {
      const bytes = buildTar([{ name: 'a', data: 'x'.repeat(1000) }], { endBlocks: 0 }).subarray(
        0,
        1024,
      );
      const result = await openTar(memorySource(bytes), DEFAULT_LIMITS);
      assert.deepEqual(codesOf(result.issues), ['TRUNCATED']);
    });
  });

  describe('when limits are reached', () => {
    it('reports TOO_MANY_ENTRIES', async () => {
      const result = await openTar(
        memorySource(buildTar([{ name: 'a' }, { name: 'b' }, { name: 'c' }])),
        makeLimits({ maxEntries: 2 }),
      );
      assert.ok(result.ok);
      assert.equal(result.value.entries.length, 2);
      assert.deepEqual(codesOf(result.issues), ['TOO_MANY_ENTRIES']);
    });
    it('reports NAME_TOO_LONG for a long-name record over maxStringLength', async () => {
      const result = await openTar(
        memorySource(buildTar([{ name: 'n'.repeat(300), gnuLong: true }])),
        makeLimits({ maxStringLength: 100 }),
      );
      assert.deepEqual(codesOf(result.issues), ['NAME_TOO_LONG']);
    });
  });
});
