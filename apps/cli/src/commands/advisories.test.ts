import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bundledAdvisories, createAdvisoryIndex } from '@mlsec/scan';
import { runCapture } from '../testing/run-cli.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function tempDir(files: Readonly<Record<string, string>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'mlsec-adv-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

interface JsonFinding {
  readonly ruleId: string;
  readonly location: { readonly path: string; readonly line?: number };
  readonly evidence?: Readonly<Record<string, string | number>>;
}
interface JsonOut {
  readonly findings: readonly JsonFinding[];
  readonly advisories?: { readonly snapshotDate: string; readonly source: string };
}

async function scanJson(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<JsonOut> {
  const run = await runCapture(
    ['scan', '-f', 'json', '--fail-on', 'none', '--only', 'deps', ...args],
    {
      cwd,
      env,
    },
  );
  assert.equal(run.code, 0, run.err);
  return JSON.parse(run.out) as JsonOut;
}

function ids(report: JsonOut, pkg: string): string[] {
  return report.findings
    .filter((f) => f.ruleId === 'deps/vulnerable-package' && f.evidence?.['package'] === pkg)
    .map((f) => String(f.evidence?.['advisory']))
    .sort();
}

const PINS = { mlflow: '2.9.2', gradio: '4.11.0', transformers: '4.36.0', torch: '2.2.0' } as const;

describe('mlsec scan on Python dependency files (acceptance)', () => {
  it('reports, per pinned package, exactly the advisories the database matches, and the snapshot date', async () => {
    const text = Object.entries(PINS)
      .map(([n, v]) => `${n}==${v}`)
      .join('\n');
    const cwd = tempDir({ 'requirements.txt': `${text}\n` });
    const report = await scanJson(cwd, ['requirements.txt']);
    const db = bundledAdvisories();
    const index = createAdvisoryIndex(db);
    for (const [name, version] of Object.entries(PINS)) {
      const expected = index
        .match(name, version)
        .map((m) => m.id)
        .sort();
      assert.ok(expected.length > 0, name);
      assert.deepEqual(ids(report, name), expected, name);
    }
    assert.deepEqual(report.advisories, { snapshotDate: db.snapshotDate, source: 'bundled' });
    assert.ok(report.findings.every((f) => f.location.path === 'requirements.txt'));
  });

  it('reports none of them once each package is at a version that fixes them all', async () => {
    const index = createAdvisoryIndex(bundledAdvisories());
    const upgraded = { mlflow: '3.11.0', gradio: '5.50.0', transformers: '4.53.0', torch: '2.8.0' };
    const cwd = tempDir({
      'requirements.txt': Object.entries(upgraded)
        .map(([n, v]) => `${n}==${v}`)
        .join('\n'),
    });
    const report = await scanJson(cwd, ['.']);
    for (const [name, version] of Object.entries(upgraded)) {
      const before = index.match(name, PINS[name as keyof typeof PINS]).filter((m) => {
        // Advisories whose fixes are all at or below the upgraded version.
        const newer = index.match(name, version).map((x) => x.id);
        return m.fixed.length > 0 && !newer.includes(m.id);
      });
      const after = ids(report, name);
      for (const m of before) assert.ok(!after.includes(m.id), `${name} ${version}: ${m.id}`);
      assert.deepEqual(
        after,
        index
          .match(name, version)
          .map((m) => m.id)
          .sort(),
      );
    }
  });

  it('drops each advisory at each of its fixed versions (one requirements file per fixed version)', async () => {
    const index = createAdvisoryIndex(bundledAdvisories());
    const files: Record<string, string> = {};
    const fixedBy = new Map<string, string[]>(); // file -> advisories fixed at its pin
    for (const [name, version] of Object.entries(PINS)) {
      for (const m of index.match(name, version)) {
        for (const fixed of m.fixed) {
          const file = `pins/${name}-${fixed}/requirements.txt`;
          files[file] = `${name}==${fixed}\n`;
          fixedBy.set(file, [...(fixedBy.get(file) ?? []), m.id]);
        }
      }
    }
    assert.ok(fixedBy.size >= 20, `only ${fixedBy.size} fixed versions`);
    const report = await scanJson(tempDir(files), ['pins']);
    let checked = 0;
    for (const [file, advisories] of fixedBy) {
      const reported = new Set(
        report.findings
          .filter((f) => f.location.path === file)
          .map((f) => f.evidence?.['advisory']),
      );
      for (const id of advisories) {
        assert.ok(!reported.has(id), `${file}: ${id} reported at its fixed version`);
        checked++;
      }
    }
    assert.ok(checked >= 80, `only ${checked} advisory/fixed-version pairs`);
  });

  it('shows a file included by two scanned files once', async () => {
    const cwd = tempDir({
      'requirements.txt': '-r requirements/base.txt\n',
      'requirements/base.txt': 'torch==2.2.0\n',
    });
    const report = await scanJson(cwd, ['.']);
    const torch = report.findings.filter((f) => f.evidence?.['package'] === 'torch');
    assert.ok(torch.length > 0);
    assert.ok(torch.every((f) => f.location.path === 'requirements/base.txt'));
    assert.equal(new Set(torch.map((f) => f.evidence?.['advisory'])).size, torch.length);
  });
});

const OSV_RECORD = (id: string, modified: string): string => `id: ${id}
modified: "${modified}T00:00:00Z"
aliases:
  - CVE-2099-0001
summary: Demo flaw in mlsec-demo-pkg
affected:
  - package:
      ecosystem: PyPI
      name: mlsec-demo-pkg
    ranges:
      - type: ECOSYSTEM
        events:
          - introduced: "0"
          - fixed: "1.2.0"
severity:
  - type: CVSS_V3
    score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
`;

describe('mlsec advisories', () => {
  it('update compiles an OSV folder into the data folder, and scans then use it', async () => {
    const osv = tempDir({
      'vulns/mlsec-demo-pkg/PYSEC-2099-1.yaml': OSV_RECORD('PYSEC-2099-1', '2099-01-02'),
      'vulns/other/notes.json': '{"id": "X-1", "affected": []}',
    });
    const data = tempDir();
    const env = { MLSEC_DATA_DIR: data };
    const run = await runCapture(['advisories', 'update', '--from', join(osv, 'vulns')], { env });
    assert.equal(run.code, 0, run.err);
    assert.match(
      run.out,
      /Compiled 1 advisories \(0 withdrawn\) for 1 packages, snapshot 2099-01-02/,
    );
    assert.match(run.out, /Skipped 1 files/);
    const file = join(data, 'advisories.json');
    assert.ok(existsSync(file));

    const cwd = tempDir({
      'requirements.txt': 'mlsec-demo-pkg==1.0.0\nmlsec-demo-pkg-fixed==1.0\n',
    });
    const report = await scanJson(cwd, ['.'], env);
    assert.deepEqual(report.advisories, { snapshotDate: '2099-01-02', source: file });
    const found = report.findings.filter((f) => f.ruleId === 'deps/vulnerable-package');
    assert.deepEqual(
      found.map((f) => [f.evidence?.['advisory'], f.evidence?.['cves'], f.evidence?.['fixed']]),
      [['PYSEC-2099-1', 'CVE-2099-0001', '1.2.0']],
    );
    // Without the data folder, the shipped snapshot: it knows nothing of the demo package.
    const shipped = await scanJson(cwd, ['.']);
    assert.equal(shipped.advisories?.source, 'bundled');
    assert.equal(shipped.findings.filter((f) => f.ruleId === 'deps/vulnerable-package').length, 0);

    const show = await runCapture(['advisories', 'show'], { env });
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /Your database \(used by scans\)/);
  });

  it('refuses to replace a newer snapshot with an older one unless --force', async () => {
    const newer = tempDir({ 'a.yaml': OSV_RECORD('PYSEC-2099-1', '2099-03-01') });
    const older = tempDir({ 'a.yaml': OSV_RECORD('PYSEC-2099-1', '2099-02-01') });
    const data = tempDir();
    const env = { MLSEC_DATA_DIR: data };
    assert.equal((await runCapture(['advisories', 'update', '--from', newer], { env })).code, 0);
    const refused = await runCapture(['advisories', 'update', '--from', older], { env });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /CLI_ADVISORIES_OLDER/);
    const forced = await runCapture(['advisories', 'update', '--from', older, '--force'], { env });
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /snapshot 2099-02-01/);
  });

  it('keeps scans on the shipped snapshot when the compiled one is older', async () => {
    const osv = tempDir({ 'a.yaml': OSV_RECORD('PYSEC-2000-1', '2000-01-01') });
    const data = tempDir();
    const env = { MLSEC_DATA_DIR: data };
    const run = await runCapture(['advisories', 'update', '--from', osv], { env });
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /scans keep using it/);
    const cwd = tempDir({ 'requirements.txt': 'mlsec-demo-pkg==1.0.0\n' });
    const report = await scanJson(cwd, ['.'], env);
    assert.equal(report.advisories?.source, 'bundled');
  });

  it('fails with exit 2 on a folder without PyPI advisories, and teaches its usage', async () => {
    const empty = tempDir({ 'x.json': '{}' });
    const run = await runCapture([
      'advisories',
      'update',
      '--from',
      empty,
      '--out',
      join(empty, 'db.json'),
    ]);
    assert.equal(run.code, 2);
    assert.match(run.err, /SCAN_ADVISORIES_INVALID/);
    const help = await runCapture(['advisories', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /mlsec advisories update --from DIR/);
  });
});
