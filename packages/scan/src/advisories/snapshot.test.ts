import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADVISORY_DB_FORMAT } from './advisory.ts';
import type { Advisory } from './advisory.ts';
import { compileOsvRecord } from './compile-osv.ts';
import { bundledAdvisories } from './database.ts';
import { createAdvisoryIndex } from './match.ts';
import { idsListingVersion, rawRecords } from './testing/osv-testdata.ts';

const PINNED: readonly [string, string][] = [
  ['mlflow', '2.9.2'],
  ['gradio', '4.11.0'],
  ['transformers', '4.36.0'],
  ['torch', '2.2.0'],
];

/** parseJson gives null-prototype objects: compare as plain data. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('the shipped snapshot', () => {
  it('loads, and holds that loads and matches the compiled test records', () => {
    const db = bundledAdvisories();
    assert.equal(db.snapshotDate, '2026-07-23');
    assert.match(db.source, /Python Packaging Advisory Database/);
    assert.ok(db.advisories.length > 1000, `${db.advisories.length} advisories`);
    // The test records are copies of the shipped snapshot's: compiled again, they equal the shipped ones.
    const shipped = new Map(db.advisories.map((a) => [a.id, a]));
    let count = 0;
    for (const pkg of ['mlflow', 'gradio', 'transformers', 'torch', 'ollama']) {
      for (const { file, record } of rawRecords(pkg)) {
        const compiled = compileOsvRecord(record);
        assert.ok(compiled.ok, file);
        assert.deepEqual(plain(shipped.get(compiled.advisory.id)), compiled.advisory, file);
        count++;
      }
    }
    assert.ok(count > 150, `${count} test records`);
  });

  it('compiles records that agree with the explicit versions lists of the real records', () => {
    // Each record lists the versions its ranges cover: after compiling, none of them is left over.
    let listed = 0;
    for (const pkg of ['mlflow', 'gradio', 'transformers', 'torch']) {
      for (const { file, record } of rawRecords(pkg)) {
        const result = compileOsvRecord(record);
        assert.ok(result.ok, file);
        for (const affected of record.affected as { versions?: string[] }[]) {
          listed += affected.versions?.length ?? 0;
        }
        const left = result.advisory.affected.flatMap((a) => a.versions);
        assert.deepEqual(left, [], `${pkg}/${file}`);
      }
    }
    assert.ok(listed > 1000, `${listed} listed versions checked`);
  });
});

describe('createAdvisoryIndex over the shipped snapshot', () => {
  const index = createAdvisoryIndex(bundledAdvisories());

  it('finds for each pinned ML package exactly the advisories whose records list that version', () => {
    for (const [name, version] of PINNED) {
      const found = index
        .match(name, version)
        .map((m) => m.id)
        .sort();
      const expected = idsListingVersion(name, version);
      assert.ok(expected.length > 0, `${name} ${version} has advisories`);
      assert.deepEqual(found, expected, `${name} ${version}`);
    }
  });

  it('names well-known advisories with CVE ids, fixes and CVSS severity', () => {
    const mlflow = index.match('MLflow', '2.9.2');
    const traversal = mlflow.find((m) => m.cves.includes('CVE-2024-1560'));
    assert.ok(traversal, 'mlflow 2.9.2: CVE-2024-1560 (path traversal in artifact deletion)');
    assert.deepEqual([traversal.fixed, traversal.lastAffected], [[], ['2.9.2']]);
    const lfi = mlflow.find((m) => m.cves.includes('CVE-2024-27132'));
    assert.ok(lfi, 'mlflow 2.9.2: CVE-2024-27132');
    assert.deepEqual(lfi.fixed, ['2.10.0']);
    assert.equal(lfi.severity?.score, 9.6);
    assert.equal(lfi.severity?.severity, 'critical');
    const scored = mlflow.filter((m) => m.severity?.score !== undefined);
    assert.ok(scored.length > 0);
    for (const m of scored) assert.equal(m.snapshotDate, '2026-07-23');
    const torch = index.match('torch', '2.2.0').flatMap((m) => m.cves);
    assert.ok(torch.includes('CVE-2025-32434'), 'torch.load weights_only RCE');
  });

  it('finds none of them in the versions that fix them', () => {
    for (const [name, version] of PINNED) {
      for (const m of index.match(name, version)) {
        for (const fixed of m.fixed) {
          const again = index.match(name, fixed).map((x) => x.id);
          assert.ok(!again.includes(m.id), `${m.id} still matches ${name} ${fixed}`);
        }
      }
    }
  });

  it('gives nothing for unknown packages and unparseable versions outside the lists', () => {
    assert.deepEqual(index.match('not-a-package', '1.0'), []);
    assert.deepEqual(index.match('mlflow', 'not a version'), []);
    assert.equal(index.knows('ML_Flow'), false);
    assert.equal(index.knows('Transformers'), true);
  });
});

describe('withdrawn advisories', () => {
  it('are skipped though their range includes the version', () => {
    const [raw] = rawRecords('ollama');
    assert.ok(raw && raw.record.withdrawn !== undefined);
    const compiled = compileOsvRecord(raw.record);
    assert.ok(compiled.ok);
    const withdrawn = compiled.advisory;
    const live: Advisory = { ...withdrawn };
    delete (live as { withdrawn?: string }).withdrawn;
    const db = (advisories: Advisory[]) =>
      createAdvisoryIndex({
        format: ADVISORY_DB_FORMAT,
        snapshotDate: '2026-07-23',
        source: 't',
        advisories,
      });
    assert.deepEqual(db([withdrawn]).match('ollama', '0.3.0'), []);
    assert.deepEqual(
      db([live])
        .match('ollama', '0.3.0')
        .map((m) => m.id),
      [withdrawn.id],
    );
    // And the shipped snapshot keeps the record but never reports it.
    assert.ok(bundledAdvisories().advisories.some((a) => a.id === withdrawn.id && a.withdrawn));
    const ids = createAdvisoryIndex(bundledAdvisories())
      .match('ollama', '0.3.0')
      .map((m) => m.id);
    assert.ok(!ids.includes(withdrawn.id));
  });
});
