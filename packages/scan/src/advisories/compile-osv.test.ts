import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RangeEvent } from './advisory.ts';
import { compileOsvRecord, rangeContains } from './compile-osv.ts';
import { parseVersion } from './pep440-version.ts';

function inRange(events: RangeEvent[], version: string): boolean {
  const parsed = parseVersion(version);
  assert.ok(parsed, version);
  return rangeContains(events, parsed);
}

describe('rangeContains', () => {
  it('treats introduced as inclusive and fixed as exclusive', () => {
    const range = [{ introduced: '1.2' }, { fixed: '1.4.1' }];
    assert.equal(inRange(range, '1.1.9'), false);
    assert.equal(inRange(range, '1.2'), true);
    assert.equal(inRange(range, '1.4.1rc1'), true);
    assert.equal(inRange(range, '1.4.1'), false);
    assert.equal(inRange(range, '1.4.1.post1'), false);
  });

  it('treats last_affected as inclusive', () => {
    const range = [{ introduced: '0' }, { last_affected: '0.3.3' }];
    assert.equal(inRange(range, '0.0.1'), true);
    assert.equal(inRange(range, '0.3.3'), true);
    assert.equal(inRange(range, '0.3.4'), false);
  });

  it('pairs events in order into several intervals, the last one possibly open', () => {
    const range = [
      { introduced: '0' },
      { fixed: '1.0' },
      { introduced: '2.0' },
      { fixed: '2.5' },
      { introduced: '3.0' },
    ];
    assert.deepEqual(
      ['0.9', '1.0', '1.5', '2.0', '2.4.9', '2.5', '2.9', '3.0', '99'].map((v) =>
        inRange(range, v),
      ),
      [true, false, false, true, true, false, false, true, true],
    );
  });

  it('gives up on a range whose bounds are not PEP 440', () => {
    assert.equal(inRange([{ introduced: '0' }, { fixed: 'a0fad77d6b56' }], '1.0'), false);
    assert.equal(inRange([{ fixed: '1.0' }], '0.5'), false);
  });
});

describe('compileOsvRecord', () => {
  it('refuses records without an id or a PyPI package', () => {
    for (const bad of [
      null,
      [],
      'PYSEC-1',
      { id: 'X' },
      { id: 'X', affected: [{ package: { name: 'x', ecosystem: 'npm' } }] },
      { affected: [{ package: { name: 'x', ecosystem: 'PyPI' } }] },
      { id: 'X'.repeat(500), affected: [{ package: { name: 'x', ecosystem: 'PyPI' } }] },
    ]) {
      assert.equal(compileOsvRecord(bad).ok, false, JSON.stringify(bad));
    }
  });

  it('keeps ids, normalised names, ranges, CVSS vectors and cut texts', () => {
    const result = compileOsvRecord({
      id: 'PYSEC-0000-1',
      aliases: ['CVE-0000-1', 7, 'GHSA-aaaa-bbbb-cccc'],
      summary: 's'.repeat(1000),
      details: 'd',
      modified: '2026-01-01T00:00:00Z',
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'Ubuntu', score: 'high' },
      ],
      affected: [
        {
          package: { name: 'Foo_Bar.baz', ecosystem: 'PyPI' },
          ranges: [
            { type: 'GIT', events: [{ introduced: '0' }, { fixed: 'abc' }] },
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] },
          ],
          versions: ['1.0', '1.5', '2.5', 'weird-1'],
        },
      ],
    });
    assert.ok(result.ok);
    const a = result.advisory;
    assert.deepEqual(a.aliases, ['CVE-0000-1', 'GHSA-aaaa-bbbb-cccc']);
    assert.equal(a.summary.length, 200);
    assert.deepEqual(a.severity, [
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    ]);
    assert.deepEqual(a.affected, [
      {
        name: 'foo-bar-baz',
        ranges: [[{ introduced: '0' }, { fixed: '2.0' }]],
        versions: ['2.5', 'weird-1'],
      },
    ]);
    assert.equal(a.modified, '2026-01-01T00:00:00Z');
    assert.equal(a.withdrawn, undefined);
  });
});
