import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testRepos } from '../testing/git-repo.ts';
import { ALNUM, fake, join, LETTERS } from '../testing/fake-tokens.ts';
import { scanGitHistory } from './scan-history.ts';

// End to end with the real secrets detector (the default history detectors): fake tokens assembled at
// run time, committed to real repositories in temporary folders.
const HF_TOKEN = join('hf', '_', fake(LETTERS, 34, 401));
const GITHUB_PAT = join('gh', 'p_', fake(ALNUM, 36, 402));

/** A minimal nbformat 4.5 notebook: a markdown cell, then a code cell with the given stream output. */
function notebook(output: readonly string[]): string {
  const cells = [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Explore\n'] },
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'login',
      metadata: {},
      source: ['from huggingface_hub import whoami\n', 'print(whoami())\n'],
      outputs: output.length === 0 ? [] : [{ name: 'stdout', output_type: 'stream', text: output }],
    },
  ];
  const doc = {
    cells,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

const repo = testRepos();

describe('scanGitHistory with the secrets detector', () => {
  describe('when a notebook output held a token in an old commit', () => {
    it('finds it with the cell, the line and the commit', async () => {
      const r = repo();
      const leaked = r.commit({
        write: { 'explore.ipynb': notebook(['user: demo\n', `token: ${HF_TOKEN}\n`]) },
      });
      r.commit({ write: { 'explore.ipynb': notebook([]) } });
      const result = await scanGitHistory({ cwd: r.dir });
      const found = result.findings.filter((f) => f.ruleId.startsWith('secrets/'));
      assert.equal(found.length, 1, JSON.stringify(result.findings));
      const [finding] = found;
      assert.equal(finding?.location.path, 'explore.ipynb');
      assert.equal(finding?.location.cell, 2);
      assert.equal(finding?.location.line, 2);
      assert.equal(finding?.evidence?.['commit'], leaked);
      assert.doesNotMatch(JSON.stringify(finding), new RegExp(HF_TOKEN.slice(4)));
      assert.equal(result.stats.scanned, 2);
    });
  });

  describe('when a token was committed to code and deleted later', () => {
    it('finds it at its line in the commit that added it', async () => {
      const r = repo();
      const added = r.commit({
        write: { 'scripts/push.sh': `#!/bin/sh\nexport GITHUB_TOKEN=${GITHUB_PAT}\ngit push\n` },
      });
      r.commit({ write: { 'scripts/push.sh': '#!/bin/sh\ngit push\n' } });
      const result = await scanGitHistory({ cwd: r.dir });
      assert.equal(result.findings.length, 1, JSON.stringify(result.findings));
      assert.equal(result.findings[0]?.location.path, 'scripts/push.sh');
      assert.equal(result.findings[0]?.location.line, 2);
      assert.equal(result.findings[0]?.evidence?.['commit'], added);
    });
  });

  describe('when no version of any file held a secret', () => {
    it('reports nothing', async () => {
      const r = repo();
      r.commit({
        write: { 'explore.ipynb': notebook(['user: demo\n']), 'train.py': 'print(1)\n' },
      });
      r.commit({ write: { 'explore.ipynb': notebook([]) } });
      const result = await scanGitHistory({ cwd: r.dir });
      assert.deepEqual(result.findings, []);
      assert.equal(result.stats.scanned, 3);
    });
  });

  describe('when --skip drops the secrets scanner', () => {
    it('scans no history', async () => {
      const r = repo();
      r.commit({ write: { 'a.sh': `export GITHUB_TOKEN=${GITHUB_PAT}\n` } });
      const result = await scanGitHistory({ cwd: r.dir, skip: ['secrets'] });
      assert.deepEqual(result.findings, []);
      assert.equal(result.stats.scanned, 0);
    });
  });
});
