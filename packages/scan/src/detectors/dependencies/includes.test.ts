import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { idsListingVersion } from '../../advisories/testing/osv-testdata.ts';
import type { CapturedReport } from '../../testing/run-detector.ts';
import { MAX_INCLUDE_DEPTH } from './includes.ts';
import { advisoryIds, runDeps } from './testing/run-deps.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A scan root with these files (relative paths), like changesets' gitdir({...}). */
function tree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlsec-deps-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Scan `path` of the tree as a top-level file (location relative to the root). */
async function scan(root: string, path: string, text: string): Promise<CapturedReport[]> {
  return runDeps(path, text, { file: join(root, path) });
}

const at = (r: CapturedReport): string => `${r.at.path}:${r.line ?? 0}`;

describe('dependencies detector: -r/-c includes', () => {
  it('follows nested includes relative to each file and locates findings in the file that holds the line', async () => {
    const files = {
      'requirements.txt': '-r requirements/dev.txt\n',
      'requirements/dev.txt': 'pytest==8.0.0\n-r ../common/base.txt\n',
      'common/base.txt': '# base\nmlflow==2.9.2\n',
    };
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    assert.deepEqual(advisoryIds(reports, 'mlflow'), idsListingVersion('mlflow', '2.9.2'));
    assert.deepEqual([...new Set(reports.map(at))], ['common/base.txt:2']);
  });

  it('applies -c pins to ranges: the range is not unpinned, the pin is checked in the constraints file', async () => {
    const files = {
      'requirements.txt': '-c constraints.txt\ntorch>=2.0\nnumpy\n',
      'constraints.txt': 'torch==2.2.0\nnumpy<2\n',
    };
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    assert.deepEqual(advisoryIds(reports, 'torch'), idsListingVersion('torch', '2.2.0'));
    assert.ok(
      reports
        .filter((r) => r.evidence?.['package'] === 'torch')
        .every((r) => at(r) === 'constraints.txt:1'),
    );
    const unpinned = reports.filter((r) => r.ruleId === 'deps/unpinned-requirement');
    assert.deepEqual(
      unpinned.map((r) => [at(r), r.evidence?.['package'], r.evidence?.['specifier']]),
      [['requirements.txt:3', 'numpy', '<2']],
    );
  });

  it('stops at a cycle, reporting it once as low and checking each file once', async () => {
    const files = {
      'requirements.txt': '-r b.txt\ngradio==4.11.0\n',
      'b.txt': '-r requirements.txt\n',
    };
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    const cycle = reports.filter((r) => r.ruleId === 'deps/include-not-followed');
    assert.deepEqual(
      cycle.map((r) => [at(r), r.evidence?.['reason'], r.severity]),
      [['b.txt:1', 'cycle', 'low']],
    );
    assert.deepEqual(advisoryIds(reports, 'gradio'), idsListingVersion('gradio', '4.11.0'));
  });

  it('reads a file included twice (a diamond) once, without calling it a cycle', async () => {
    const files = {
      'requirements.txt': '-r a.txt\n-r b.txt\n',
      'a.txt': '-r base.txt\n',
      'b.txt': '-r base.txt\n',
      'base.txt': 'torch==2.2.0\n',
    };
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    assert.deepEqual(advisoryIds(reports, 'torch'), idsListingVersion('torch', '2.2.0'));
    assert.ok(!reports.some((r) => r.ruleId.startsWith('deps/include')));
  });

  it(`follows ${MAX_INCLUDE_DEPTH} levels and reports the include below them as not followed`, async () => {
    const files: Record<string, string> = { 'requirements.txt': '-r r1.txt\n' };
    for (let i = 1; i <= MAX_INCLUDE_DEPTH + 1; i++) {
      files[`r${i}.txt`] = `-r r${i + 1}.txt\ntorch==2.2.${i}\n`;
    }
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt'] ?? '');
    const notFollowed = reports.filter((r) => r.ruleId === 'deps/include-not-followed');
    assert.deepEqual(
      notFollowed.map((r) => [at(r), r.evidence?.['reason']]),
      [[`r${MAX_INCLUDE_DEPTH}.txt:1`, 'depth']],
    );
    const checked = new Set(
      reports.filter((r) => r.ruleId === 'deps/vulnerable-package').map((r) => r.at.path),
    );
    assert.deepEqual(
      [...checked].sort(),
      Array.from({ length: MAX_INCLUDE_DEPTH }, (_, i) => `r${i + 1}.txt`),
    );
  });

  it('fails closed on a missing include and a folder named as one', async () => {
    const files = { 'requirements.txt': '-r missing.txt\n-c sub\n', 'sub/x.txt': '' };
    const root = tree(files);
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    assert.deepEqual(
      reports.map((r) => [r.ruleId, at(r), r.severity]),
      [
        ['deps/include-unreadable', 'requirements.txt:1', undefined],
        ['deps/include-unreadable', 'requirements.txt:2', undefined],
      ],
    );
    assert.match(reports[0]?.message ?? '', /does not exist/);
  });

  it('does not read files outside the scanned folder, directly or through a symbolic link', async () => {
    const outside = tree({ 'secret.txt': 'machine example.invalid password hunter2\n' });
    const files = {
      'requirements.txt': `-r ../${outside.split('/').at(-1) ?? ''}/secret.txt\n-r ${join(outside, 'secret.txt')}\n-r link.txt\n`,
    };
    const root = tree(files);
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    const reports = await scan(root, 'requirements.txt', files['requirements.txt']);
    assert.deepEqual(
      reports.map((r) => [r.ruleId, r.evidence?.['reason'], r.line]),
      [
        ['deps/include-not-followed', 'outside', 1],
        ['deps/include-not-followed', 'outside', 2],
        ['deps/include-not-followed', 'outside', 3],
      ],
    );
    assert.ok(reports.every((r) => !r.message.includes('hunter2')));
  });

  it('does not follow URL includes, and hides their credentials', async () => {
    const token = ['s3', 'cr', 'et'].join('');
    const reports = await runDeps(
      'requirements.txt',
      `-r https://user:${token}@example.invalid/req.txt\n`,
      { file: join(tree({}), 'requirements.txt') },
    );
    assert.deepEqual(
      reports.map((r) => [r.ruleId, r.evidence?.['reason']]),
      [['deps/include-not-followed', 'url']],
    );
    assert.ok(!reports[0]?.message.includes(token));
  });

  it('inside an archive (no file on disk) reports includes as not followed', async () => {
    const reports = await runDeps('requirements.txt', '-r base.txt\n-c constraints.txt\n');
    assert.deepEqual(
      reports.map((r) => [r.ruleId, r.evidence?.['reason'], r.line]),
      [
        ['deps/include-not-followed', 'archive', 1],
        ['deps/include-not-followed', 'archive', 2],
      ],
    );
  });

  it('follows the -r of a conda environment pip list', async () => {
    const files = {
      'environment.yml': 'dependencies:\n  - pip\n  - pip:\n      - -r requirements-extra.txt\n',
      'requirements-extra.txt': 'transformers==4.36.0\n',
    };
    const root = tree(files);
    const reports = await scan(root, 'environment.yml', files['environment.yml']);
    assert.deepEqual(
      advisoryIds(reports, 'transformers'),
      idsListingVersion('transformers', '4.36.0'),
    );
    assert.ok(
      reports
        .filter((r) => r.ruleId === 'deps/vulnerable-package')
        .every((r) => at(r) === 'requirements-extra.txt:1'),
    );
  });
});
