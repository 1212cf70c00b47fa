import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { ADVISORY_DB_FORMAT } from './advisory.ts';
import type { AdvisoryDatabase } from './advisory.ts';
import { parseAdvisoryDatabase, writeAdvisoryDatabase } from './database.ts';
import { readOsvDirectory } from './read-osv-dir.ts';

const SMALL: AdvisoryDatabase = {
  format: ADVISORY_DB_FORMAT,
  snapshotDate: '2026-01-02',
  source: 'test',
  advisories: [
    {
      id: 'B-1',
      aliases: ['CVE-1'],
      summary: 's',
      details: 'd',
      severity: [],
      affected: [{ name: 'x', ranges: [[{ introduced: '0' }, { fixed: '1' }]], versions: ['zz'] }],
    },
    {
      id: 'A-1',
      aliases: [],
      summary: '',
      details: '',
      severity: [],
      affected: [],
      withdrawn: 'w',
    },
  ],
};

/** parseJson gives null-prototype objects: compare as plain data. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function assertInvalid(text: string): void {
  assert.throws(
    () => parseAdvisoryDatabase(text),
    (e: unknown) => isMlsecError(e) && e.code === 'SCAN_ADVISORIES_INVALID',
    text.slice(0, 80),
  );
}

describe('advisory database files', () => {
  it('round-trip through write and parse, sorted by id', () => {
    const back = parseAdvisoryDatabase(writeAdvisoryDatabase(SMALL));
    assert.deepEqual(
      back.advisories.map((a) => a.id),
      ['A-1', 'B-1'],
    );
    assert.deepEqual(plain(back.advisories[1]), SMALL.advisories[0]);
    assert.equal(back.snapshotDate, '2026-01-02');
  });

  it('refuse files of another shape with SCAN_ADVISORIES_INVALID', () => {
    const good = JSON.parse(writeAdvisoryDatabase(SMALL)) as Record<string, unknown>;
    const variants: unknown[] = [
      { ...good, format: 'other' },
      { ...good, snapshotDate: 'yesterday' },
      { ...good, advisories: {} },
      { ...good, advisories: [{ id: 1 }] },
      {
        ...good,
        advisories: [
          {
            ...SMALL.advisories[0],
            affected: [{ name: 'x', ranges: [[{ fixed: 1 }]], versions: [] }],
          },
        ],
      },
      {
        ...good,
        advisories: [
          {
            ...SMALL.advisories[0],
            affected: [{ name: 'x', ranges: [[{ limit: '1' }]], versions: [] }],
          },
        ],
      },
    ];
    for (const v of variants) assertInvalid(JSON.stringify(v));
    assertInvalid('{"format":');
    assertInvalid('');
  });
});

describe('readOsvDirectory', () => {
  it('reads YAML and JSON records, skips others with reasons, refuses a folder without advisories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-osv-'));
    try {
      mkdirSync(join(dir, 'pkg'));
      writeFileSync(
        join(dir, 'pkg', 'A.yaml'),
        'id: A\nmodified: "2026-03-04T00:00:00Z"\naffected:\n- package: {name: Pkg, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: "0"\n    - fixed: 1.10\n',
      );
      writeFileSync(
        join(dir, 'pkg', 'B.json'),
        JSON.stringify({
          id: 'B',
          affected: [{ package: { name: 'pkg', ecosystem: 'PyPI' } }],
          withdrawn: 'x',
        }),
      );
      writeFileSync(join(dir, 'pkg', 'C.yaml'), 'a: &x [1]\nb: *x\n');
      writeFileSync(join(dir, 'pkg', 'D.yaml'), 'id: D\naffected: []\n');
      writeFileSync(join(dir, 'notes.txt'), 'ignored');
      const { database, skipped } = readOsvDirectory(dir);
      assert.deepEqual(
        database.advisories.map((a) => a.id),
        ['A', 'B'],
      );
      // The failsafe schema keeps `1.10` as text (a number would have been 1.1).
      assert.deepEqual(database.advisories[0]?.affected[0]?.ranges, [
        [{ introduced: '0' }, { fixed: '1.10' }],
      ]);
      assert.equal(database.snapshotDate, '2026-03-04');
      assert.deepEqual(
        skipped.map((s) => s.path),
        [join('pkg', 'C.yaml'), join('pkg', 'D.yaml')],
      );
      rmSync(join(dir, 'pkg', 'A.yaml'));
      rmSync(join(dir, 'pkg', 'B.json'));
      assert.throws(() => readOsvDirectory(dir), /no PyPI advisory/);
      assert.throws(() => readOsvDirectory(join(dir, 'missing')), /cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
