import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanReport } from '@mlsec/scan';
import { renderJson } from './json.ts';
import { renderSarif } from './sarif.ts';
import { renderTable } from './table.ts';
import { finding, report } from './testing/build-report.ts';
import { sarifValidator } from './testing/sarif-validator.ts';

const withDb = (source: string): ScanReport => ({
  ...report([finding({ ruleId: 'deps/vulnerable-package', severity: 'high' })]),
  advisories: { snapshotDate: '2026-07-23', source },
});

describe('the advisory snapshot in reports', () => {
  it('closes the table with the snapshot date and where the database came from', () => {
    const bundled = renderTable(withDb('bundled'), { color: false, width: 120 });
    assert.match(
      bundled,
      /Dependency advisories: OSV snapshot of 2026-07-23 \(shipped with mlsec\)\.\n$/,
    );
    const file = renderTable(withDb('/data/mlsec/advisories.json'), { color: false, width: 120 });
    assert.match(file, /OSV snapshot of 2026-07-23 \(from \/data\/mlsec\/advisories\.json\)\./);
  });

  it('puts it in the JSON report and the SARIF run properties', () => {
    const json = JSON.parse(renderJson(withDb('bundled'))) as { advisories?: unknown };
    assert.deepEqual(json.advisories, { snapshotDate: '2026-07-23', source: 'bundled' });
    const sarif = JSON.parse(renderSarif(withDb('bundled'))) as {
      runs: { properties: { advisories?: unknown } }[];
    };
    assert.deepEqual(sarif.runs[0]?.properties.advisories, {
      snapshotDate: '2026-07-23',
      source: 'bundled',
    });
    assert.deepEqual(sarifValidator()(sarif), []);
  });

  it('leaves it out when no dependency check ran', () => {
    const plain = report([]);
    assert.doesNotMatch(renderTable(plain, { color: false, width: 120 }), /advisories/i);
    assert.equal((JSON.parse(renderJson(plain)) as { advisories?: unknown }).advisories, undefined);
    assert.doesNotMatch(renderSarif(plain), /snapshotDate/);
  });
});
