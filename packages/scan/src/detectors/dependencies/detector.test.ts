import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PYTHON_DEPS_SAMPLES } from '@mlsec/formats/testing';
import { idsListingVersion } from '../../advisories/testing/osv-testdata.ts';
import { advisoryIds, bundledSettings, runDeps } from './testing/run-deps.ts';

const {
  CONDA_ENV,
  PIP_FREEZE,
  PIPFILE_LOCK,
  POETRY_LOCK,
  PYPROJECT_PEP621,
  PYPROJECT_POETRY,
  UV_LOCK,
} = PYTHON_DEPS_SAMPLES;

const PINS = { mlflow: '2.9.2', gradio: '4.11.0', transformers: '4.36.0', torch: '2.2.0' } as const;

function matchIds(name: string, version: string): string[] {
  const index = bundledSettings().advisories?.index;
  assert.ok(index);
  return index
    .match(name, version)
    .map((m) => m.id)
    .sort();
}

describe('dependencies detector', () => {
  describe('on a requirements file pinning mlflow 2.9.2, gradio 4.11.0, transformers 4.36.0, torch 2.2.0', () => {
    const text = Object.entries(PINS)
      .map(([name, version]) => `${name}==${version}`)
      .join('\n');

    it('reports exactly the advisories the OSV records list for each pin, once each, on its line', async () => {
      const reports = await runDeps('requirements.txt', text);
      Object.entries(PINS).forEach(([name, version], i) => {
        const ids = advisoryIds(reports, name);
        assert.ok(ids.length > 0, name);
        assert.deepEqual(ids, idsListingVersion(name, version), name);
        assert.deepEqual(ids, matchIds(name, version), name);
        const lines = reports.filter((r) => r.evidence?.['package'] === name).map((r) => r.line);
        assert.deepEqual([...new Set(lines)], [i + 1], name);
      });
      assert.ok(reports.every((r) => r.ruleId === 'deps/vulnerable-package'));
    });

    it('names advisory, CVE ids, fixed versions and the snapshot date, and keys on package + advisory', async () => {
      const reports = await runDeps('requirements.txt', text);
      const date = bundledSettings().advisories?.snapshotDate ?? '';
      for (const report of reports) {
        const ev = report.evidence ?? {};
        assert.equal(ev['snapshot'], date);
        assert.ok(report.message.includes(String(ev['advisory'])), report.message);
        assert.ok(report.message.includes(`advisories as of ${date}`), report.message);
        for (const cve of String(ev['cves'])
          .split(', ')
          .filter((c) => c !== ''))
          assert.ok(report.message.includes(cve) || ev['advisory'] === cve, report.message);
        if (ev['fixed'] !== '')
          assert.ok(report.message.includes(`fixed in ${String(ev['fixed'])}`));
        assert.deepEqual(report.key, [ev['package'], ev['advisory']]);
      }
    });

    it('takes the severity from the CVSS 3 score, and high for unscored advisories', async () => {
      const reports = await runDeps('requirements.txt', text);
      const rating = (score: number): string =>
        score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
      let scored = 0;
      let unscored = 0;
      for (const report of reports) {
        const cvss = report.evidence?.['cvss'];
        if (typeof cvss === 'number') {
          scored++;
          assert.equal(report.severity, rating(cvss), report.message);
        } else {
          unscored++;
          assert.equal(report.severity, 'high', report.message);
          assert.match(String(report.evidence?.['severitySource']), /^default/);
        }
      }
      assert.ok(scored > 0 && unscored > 0, `${scored} scored, ${unscored} unscored`);
    });

    it('reports none of the fixed advisories once every package is at the version that fixes them', async () => {
      const before = await runDeps('requirements.txt', text);
      const upgraded = Object.keys(PINS).map((name) => {
        const fixes = before
          .filter((r) => r.evidence?.['package'] === name)
          .flatMap((r) => String(r.evidence?.['fixed']).split(', '))
          .filter((v) => v !== '' && !/[a-z]/.test(v));
        const newest = fixes.sort((a, b) => compareDotted(b, a))[0];
        assert.ok(newest, name);
        return { name, newest };
      });
      const after = await runDeps(
        'requirements.txt',
        upgraded.map((u) => `${u.name}==${u.newest}`).join('\n'),
      );
      for (const { name, newest } of upgraded) {
        const still = new Set(advisoryIds(after, name));
        const fixedBefore = before.filter(
          (r) => r.evidence?.['package'] === name && r.evidence['fixed'] !== '',
        );
        for (const r of fixedBefore) {
          const fixed = String(r.evidence?.['fixed']).split(', ');
          if (fixed.every((v) => compareDotted(v, newest) <= 0 && !/[a-z]/.test(v)))
            assert.ok(!still.has(String(r.evidence?.['advisory'])), `${name} ${newest}`);
        }
        assert.deepEqual([...still].sort(), idsListingVersion(name, newest), `${name} ${newest}`);
      }
    });
  });

  describe('on the files each Python tool writes', () => {
    const cases = [
      ['poetry.lock', POETRY_LOCK, { mlflow: 4, torch: 18 }],
      ['uv.lock', UV_LOCK, { gradio: 13 }],
      ['Pipfile.lock', PIPFILE_LOCK, { transformers: 9 }],
      ['environment.yml', CONDA_ENV, { torch: 7, mlflow: 13 }],
      ['pyproject.toml', PYPROJECT_PEP621, { mlflow: 8, gradio: 15 }],
      ['pip-freeze.txt', PIP_FREEZE, { torch: 4 }],
    ] as const;
    for (const [path, text, lines] of cases) {
      it(`checks the pins of ${path} on their lines`, async () => {
        const reports = await runDeps(path, text, {
          format: path.endsWith('.lock') && text.startsWith('{') ? 'json' : 'text',
        });
        for (const [name, line] of Object.entries(lines)) {
          const version = name === 'torch' && path === 'pip-freeze.txt' ? '2.2.0+cu121' : undefined;
          const found = reports.filter(
            (r) => r.ruleId === 'deps/vulnerable-package' && r.evidence?.['package'] === name,
          );
          assert.ok(found.length > 0, `${path}: ${name}`);
          assert.deepEqual([...new Set(found.map((r) => r.line))], [line], `${path}: ${name}`);
          if (version !== undefined) assert.equal(found[0]?.evidence?.['version'], version);
        }
        const packages = new Set(
          reports
            .filter((r) => r.ruleId === 'deps/vulnerable-package')
            .map((r) => r.evidence?.['package']),
        );
        assert.deepEqual([...packages].sort(), Object.keys(lines).sort(), path);
      });
    }

    it('reports nothing for the editable project in uv.lock, and the git source of a Pipfile.lock as info', async () => {
      const uv = await runDeps('uv.lock', UV_LOCK);
      assert.ok(!uv.some((r) => r.ruleId === 'deps/unpinned-requirement'));
      const pipfile = await runDeps('Pipfile.lock', PIPFILE_LOCK, { format: 'json' });
      const unpinned = pipfile.filter((r) => r.ruleId === 'deps/unpinned-requirement');
      assert.deepEqual(
        unpinned.map((r) => [r.evidence?.['package'], r.severity]),
        [['mytool', 'info']],
      );
    });

    it('reports Poetry caret ranges as unpinned, naming advisories the range admits', async () => {
      const reports = await runDeps('pyproject.toml', PYPROJECT_POETRY);
      const torch = reports.find(
        (r) => r.ruleId === 'deps/unpinned-requirement' && r.evidence?.['package'] === 'torch',
      );
      assert.ok(torch);
      assert.equal(torch.severity, undefined, 'catalogue severity (low)');
      assert.ok(Number(torch.evidence?.['affectedAdvisories']) > 0);
      assert.match(torch.message, /includes versions affected by \d+ known advisories/);
    });
  });

  describe('on unpinned and odd requirements', () => {
    it('says when a range admits affected versions, and not when it excludes them all', async () => {
      const reports = await runDeps(
        'requirements.txt',
        'mlflow>=2.9,<2.10\nmlflow-skinny-unknown>=1\n',
      );
      const [mlflow, other] = reports;
      assert.equal(reports.length, 2);
      assert.ok(Number(mlflow?.evidence?.['affectedAdvisories']) > 0, mlflow?.message);
      assert.equal(other?.evidence?.['affectedAdvisories'], 0);
      assert.doesNotMatch(other?.message ?? '', /advisor/);
    });

    it('finds an affected version that only lies between two named versions', async () => {
      // gradio 4.11.0 is affected; the range names neither end of an advisory range.
      const reports = await runDeps('requirements.txt', 'gradio>4.10.99,<4.11.1\n');
      assert.ok(Number(reports[0]?.evidence?.['affectedAdvisories']) > 0, reports[0]?.message);
    });

    it('reports a pin that is not PEP 440 as invalid-version', async () => {
      const reports = await runDeps('requirements.txt', 'torch==2.x.0\n');
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.line, r.evidence?.['version']]),
        [['deps/invalid-version', 1, '2.x.0']],
      );
    });

    it('hides credentials in requirement URLs', async () => {
      const token = ['tok', 'en', '123'].join('');
      const reports = await runDeps(
        'requirements.txt',
        `tool @ git+https://oauth2:${token}@example.invalid/org/tool.git\n`,
      );
      assert.equal(reports.length, 1);
      assert.ok(!reports[0]?.message.includes(token), reports[0]?.message);
      assert.match(reports[0]?.message ?? '', /\/\/\*\*\*@example\.invalid/);
    });

    it('reports one finding per package and advisory even when a file pins the package twice', async () => {
      const reports = await runDeps(
        'requirements.txt',
        'torch==2.2.0 ; sys_platform == "linux"\ntorch==2.2.0 ; sys_platform == "darwin"\n',
      );
      const ids = advisoryIds(reports, 'torch');
      assert.deepEqual(ids, [...new Set(ids)]);
      assert.deepEqual(ids, idsListingVersion('torch', '2.2.0'));
      assert.ok(reports.every((r) => r.line === 1));
    });

    it('ignores text files that are not dependency files', async () => {
      assert.deepEqual(await runDeps('README.txt', 'torch==2.2.0\n'), []);
    });
  });

  describe('on files that do not parse', () => {
    it('fails closed: a broken lock file is deps/unparseable', async () => {
      const reports = await runDeps('poetry.lock', '[[package]\nname = "torch"\n');
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.evidence?.['code']]),
        [['deps/unparseable', 'PYDEPS_SYNTAX']],
      );
    });

    it('reports skipped entries and still checks the rest', async () => {
      const reports = await runDeps(
        'requirements.txt',
        'torch==2.2.0\n!!nonsense!!\n--frobnicate\n',
      );
      const skipped = reports.filter((r) => r.ruleId === 'deps/entry-skipped');
      assert.deepEqual(
        skipped.map((r) => [r.line, r.evidence?.['code'], r.severity]),
        [
          [2, 'PYDEPS_BAD_REQUIREMENT', undefined],
          [3, 'PYDEPS_UNKNOWN_OPTION', 'info'],
        ],
      );
      assert.ok(advisoryIds(reports, 'torch').length > 0);
    });

    it('says nothing about a file of blanks and comments', async () => {
      assert.deepEqual(await runDeps('requirements.txt', '  \n'), []);
      assert.deepEqual(await runDeps('requirements.txt', '# nothing yet\n'), []);
    });

    it('refuses a file over the size cap without reading it', async () => {
      const { runDetector } = await import('../../testing/run-detector.ts');
      const { makeLimits } = await import('@mlsec/core');
      const { dependenciesDetector } = await import('./index.ts');
      const { reports } = await runDetector(
        dependenciesDetector,
        new TextEncoder().encode('torch==2.2.0\n'.repeat(10)),
        {
          format: 'text',
          path: 'requirements.txt',
          settings: bundledSettings(),
          limits: makeLimits({ maxBytes: 64 }),
        },
      );
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['deps/unparseable'],
      );
    });
  });
});

/** Compare dotted release numbers (test helper for final releases only). */
function compareDotted(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
