import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { ruleIds, runArchiveDetector, tarOf } from '../testing/archive-testing.ts';
import { tarDetector } from './tar.ts';

const scan = (bytes: Uint8Array, limits?: Limits) =>
  runArchiveDetector(tarDetector, bytes, 'tar', limits);

describe('tarDetector', () => {
  it('hands regular files to the engine and skips folders and links', async () => {
    const { reports, nested } = await scan(
      tarOf([
        { name: 'model/', type: '5' },
        { name: 'model/data.pkl', data: 'PICKLE' },
        { name: 'model/latest', type: '2', linkName: 'data.pkl' },
      ]),
    );
    assert.deepEqual(reports, []);
    assert.deepEqual(
      nested.map((n) => [n.name, Buffer.from(n.bytes).toString()]),
      [['model/data.pkl', 'PICKLE']],
    );
  });
  it('reports archive/path-traversal for names and links that leave the archive', async () => {
    const { reports } = await scan(
      tarOf([
        { name: '../../home/user/.bashrc', data: 'x' },
        { name: 'link', type: '2', linkName: '/etc/passwd' },
      ]),
    );
    assert.deepEqual(ruleIds(reports), ['archive/path-traversal']);
    assert.deepEqual(
      reports.map((r) => r.member),
      [['../../home/user/.bashrc'], ['link']],
    );
  });
  it('reports archive/duplicate-member and scans both copies', async () => {
    const { reports, nested } = await scan(
      tarOf([
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ]),
    );
    assert.deepEqual(ruleIds(reports), ['archive/duplicate-member']);
    assert.equal(nested.length, 2);
  });
  it('reports archive/unparseable for a bad checksum', async () => {
    const bytes = tarOf([{ name: 'a', data: 'x' }]);
    bytes[0] = 0x62; // rename without fixing the checksum
    const { reports } = await scan(bytes);
    assert.deepEqual(ruleIds(reports), ['archive/unparseable']);
  });
  it('reports archive/too-many-entries past the limit', async () => {
    const { reports, nested } = await scan(
      tarOf([{ name: 'a' }, { name: 'b' }, { name: 'c' }]),
      makeLimits({ maxEntries: 1 }),
    );
    assert.deepEqual(ruleIds(reports), ['archive/too-many-entries']);
    assert.equal(nested.length, 1);
  });
});
