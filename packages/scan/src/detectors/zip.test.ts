import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { ruleIds, runArchiveDetector, scanTree, zipOf } from '../testing/archive-testing.ts';
import { compressedDetector } from './compressed.ts';
import { zipDetector } from './zip.ts';

const PICKLE = '\x80\x02cposix\nsystem\nq\x00.';

const scan = (bytes: Uint8Array, limits?: Limits) =>
  runArchiveDetector(zipDetector, bytes, 'zip', limits);

describe('zipDetector', () => {
  describe('when the zip is a PyTorch checkpoint whose root folder is named oddly', () => {
    it('reports nothing and hands every member to the engine under its name', async () => {
      const root = 'my model (v2) ✓';
      const { reports, nested } = await scan(
        zipOf([
          { name: `${root}/data.pkl`, data: PICKLE },
          { name: `${root}/data/0`, data: new Uint8Array(64) },
          { name: `${root}/version`, data: '3\n', method: 8 },
          { name: `${root}/data/`, data: '' },
        ]),
      );
      assert.deepEqual(reports, []);
      assert.deepEqual(
        nested.map((n) => n.name),
        [`${root}/data.pkl`, `${root}/data/0`, `${root}/version`],
      );
      assert.equal(Buffer.from(nested[0]?.bytes ?? []).toString('latin1'), PICKLE);
      assert.equal(Buffer.from(nested[2]?.bytes ?? []).toString(), '3\n');
      assert.deepEqual(nested[0]?.at.member, [`${root}/data.pkl`]);
    });
  });

  describe('when the zip is appended to a JPEG', () => {
    it('reports archive/prefixed-data and scans the prefix and the members', async () => {
      const jpeg = Uint8Array.from([
        0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9,
      ]);
      const { reports, nested } = await scan(
        zipOf([{ name: 'archive/data.pkl', data: PICKLE }], jpeg),
      );
      assert.deepEqual(ruleIds(reports), ['archive/prefixed-data']);
      assert.deepEqual(
        nested.map((n) => n.name),
        ['<prefix>', 'archive/data.pkl'],
      );
      assert.deepEqual(Array.from(nested[0]?.bytes ?? []), Array.from(jpeg));
    });
  });

  describe('when a member is a decompression bomb', () => {
    it('reports archive/bomb and does not scan it', async () => {
      const bytes = zipOf([{ name: 'bomb.bin', data: new Uint8Array(8 << 20), method: 8 }]);
      const { reports, nested } = await scan(bytes, makeLimits({ maxCompressionRatio: 100 }));
      assert.deepEqual(ruleIds(reports), ['archive/bomb']);
      assert.deepEqual(reports[0]?.member, ['bomb.bin']);
      assert.deepEqual(nested, []);
    });
    it('reports archive/bomb once the budget for the file is spent across members', async () => {
      const text = (seed: number) =>
        Array.from({ length: 40_000 }, (_, i) => `${(i * 7919 + seed) % 100_003}`).join(' ');
      const bytes = zipOf([
        { name: 'a.txt', data: text(1), method: 8 },
        { name: 'b.txt', data: text(2), method: 8 },
        { name: 'c.txt', data: text(3), method: 8 },
      ]);
      const { reports, nested } = await scan(bytes, makeLimits({ maxDecompressedBytes: 300_000 }));
      assert.deepEqual(
        nested.map((n) => n.name),
        ['a.txt'],
      );
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.evidence?.['code']]),
        [['archive/bomb', 'BUDGET_EXHAUSTED']],
      );
    });
  });

  describe('when a member is flagged encrypted but stored in clear', () => {
    it('reports archive/encrypted-member and still scans the clear bytes', async () => {
      const { reports, nested } = await scan(
        zipOf([{ name: 'archive/data.pkl', data: PICKLE, flags: 1 }]),
      );
      assert.deepEqual(ruleIds(reports), ['archive/encrypted-member']);
      assert.equal(reports[0]?.message, 'Member "archive/data.pkl" is flagged as encrypted.'); // escaped once
      assert.equal(Buffer.from(nested[0]?.bytes ?? []).toString('latin1'), PICKLE);
    });
  });

  describe('when the archive is crafted', () => {
    const cases: [string, Parameters<typeof zipOf>[0], string][] = [
      ['a traversal name', [{ name: '../../.bashrc', data: 'x' }], 'archive/path-traversal'],
      ['a backslash name', [{ name: 'a\\b.pkl', data: 'x' }], 'archive/suspicious-name'],
      [
        'local and central names that differ',
        [{ name: 'data.pkl', localName: 'evil.pkl', data: 'x' }],
        'archive/header-mismatch',
      ],
      [
        'a duplicated member',
        [
          { name: 'd.pkl', data: '1' },
          { name: 'd.pkl', data: '2' },
        ],
        'archive/duplicate-member',
      ],
      ['a bzip2 member', [{ name: 'b.pkl', data: 'x', method: 12 }], 'archive/unsupported-method'],
      ['unusual flag bits', [{ name: 'f.pkl', data: 'x', flags: 0x2000 }], 'archive/odd-flags'],
      [
        'a CRC that does not match',
        [{ name: 'c.pkl', data: 'x', method: 8, uncompressedSize: 9 }],
        'archive/malformed',
      ],
    ];
    for (const [label, members, ruleId] of cases) {
      it(`reports ${ruleId} for ${label}`, async () => {
        const { reports } = await scan(zipOf(members));
        assert.deepEqual(ruleIds(reports), [ruleId]);
        assert.ok(reports.every((r) => !r.message.includes('\n')));
      });
    }
    it('reports archive/too-many-entries past the limit', async () => {
      const members = ['a', 'b', 'c'].map((name) => ({ name, data: 'x' }));
      const { reports, nested } = await scan(zipOf(members), makeLimits({ maxEntries: 2 }));
      assert.deepEqual(ruleIds(reports), ['archive/too-many-entries']);
      assert.equal(nested.length, 2);
    });
    it('reports archive/unparseable when there is no end record', async () => {
      const { reports } = await scan(Buffer.from('PK\x03\x04 this is not really a zip'));
      assert.deepEqual(ruleIds(reports), ['archive/unparseable']);
    });
    it('escapes member names in messages', async () => {
      const { reports } = await scan(zipOf([{ name: '../\x1b[2Jevil', data: 'x' }]));
      assert.ok(reports.length > 0);
      for (const r of reports) assert.ok(!r.message.includes('\x1b'), r.message);
    });
  });

  describe('when members nest other artifacts', () => {
    it('lets the engine scan a gzip inside the zip, named by its FNAME', async () => {
      const gz = gzipSync(Buffer.from(PICKLE, 'latin1'));
      const named = Buffer.concat([
        gz.subarray(0, 3),
        Buffer.from([0x08]),
        gz.subarray(4, 10),
        Buffer.from('inner.pkl\0'),
        gz.subarray(10),
      ]);
      const { reports, artifacts } = await scanTree(
        zipOf([{ name: 'outer/model.pkl.gz', data: named }]),
        [zipDetector, compressedDetector],
      );
      assert.deepEqual(reports, []);
      assert.deepEqual(
        artifacts.map((a) => [a.chain, a.format]),
        [
          [[], 'zip'],
          [['outer/model.pkl.gz'], 'gzip'],
          [['outer/model.pkl.gz', 'inner.pkl'], 'pickle'],
        ],
      );
    });
  });
});
