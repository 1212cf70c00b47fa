import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '@mlsec/core';
import { scanPaths } from '../../engine/scan.ts';
import { scanGitHistory } from '../../history/index.ts';
import { TestRepo } from '../../testing/git-repo.ts';
import { DEFAULT_SECRETS_SALT } from '../../engine/settings.ts';
import { fingerprintSecret } from '../../secrets/secret-text.ts';
import { PLANTED, plantSecretsTrees } from '../../testing/planted-tree.ts';

let root: string;

before(() => {
  root = mkdtempSync(joinPath(tmpdir(), 'mlsec-secrets-tree-'));
  plantSecretsTrees(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

/** `path rule [cell N] line`: what the acceptance list asks for, per finding. */
function place(f: Finding): string {
  const l = f.location;
  return `${l.path} ${f.ruleId}${l.cell !== undefined ? ` cell ${l.cell}` : ''} line ${l.line ?? '-'}`;
}

const RUN = 'planted/wandb/run-20261102_101500-7xk2m9qa/files';
const EXPECTED = [
  'planted/.cache/huggingface/token secrets/huggingface-access-token line 1',
  'planted/.databrickscfg secrets/databricks-api-token line 3',
  'planted/.env secrets/generic-api-key line 3',
  'planted/.netrc secrets/wandb-netrc-api-key line 3',
  'planted/Dockerfile secrets/aws-access-token line 5',
  'planted/configs/train.yaml secrets/url-embedded-credentials line 3',
  'planted/kaggle.json secrets/kaggle-json-api-key line 1',
  'planted/mlruns/0/3f2c1a9be0d44c56a1b2c3d4e5f60718/params/wandb_api_key secrets/wandb-legacy-api-key line 1',
  'planted/notebooks/env-dump.ipynb secrets/environment-dump cell 1 line 1',
  'planted/notebooks/env-dump.ipynb secrets/environment-dump cell 2 line 1',
  'planted/notebooks/env-dump.ipynb secrets/wandb-legacy-api-key cell 1 line 1',
  'planted/notebooks/secrets.ipynb secrets/huggingface-access-token cell 2 line 2',
  'planted/src/train.py secrets/huggingface-access-token line 11',
  'planted/src/train.py secrets/wandb-api-key line 6',
  `${RUN}/config.yaml secrets/huggingface-access-token line 14`,
  `${RUN}/diff.patch secrets/github-pat line 7`,
  `${RUN}/output.log secrets/environment-dump line 3`,
  `${RUN}/output.log secrets/kaggle-api-key line 7`,
  `${RUN}/wandb-metadata.json secrets/url-embedded-credentials line 14`,
  `${RUN}/wandb-metadata.json secrets/wandb-legacy-api-key line 9`,
];

describe('secrets acceptance tree (fixtures/secrets-tree, fixtures/notebooks)', () => {
  it('finds every planted secret at its file, cell and line, and nothing else', async () => {
    const report = await scanPaths(['planted'], { cwd: root, only: ['secrets'], jobs: 1 });
    assert.deepEqual(report.findings.map(place).sort(), [...EXPECTED].sort());
  });

  it('identifies each planted secret by its salted hash and never shows it', async () => {
    const report = await scanPaths(['planted'], { cwd: root, only: ['secrets'], jobs: 1 });
    const hashes = new Set(report.findings.map((f) => String(f.evidence?.['secretHash'])));
    for (const [name, value] of Object.entries(PLANTED)) {
      if (name === 'AWS_SECRET') continue; // only named by the env dump that holds it
      const hash = `hmac-sha256:${fingerprintSecret(value, DEFAULT_SECRETS_SALT)}`;
      assert.ok(hashes.has(hash), `${name} was not reported`);
    }
    const text = JSON.stringify(report);
    for (const [name, value] of Object.entries(PLANTED)) assert.ok(!text.includes(value), name);
  });

  it('lists the other places of a secret that occurs several times', async () => {
    const report = await scanPaths(['planted/notebooks'], { cwd: root, only: ['secrets'] });
    const hf = report.findings.find((f) => f.ruleId === 'secrets/huggingface-access-token');
    assert.equal(hf?.evidence?.['occurrences'], 3);
    assert.equal(
      hf?.evidence?.['alsoAt'],
      'cell 3 output 1 (stream stdout) line 1; cell 4 output 1 (error) line 5',
    );
    const dump = report.findings.find((f) => f.location.cell === 2 && f.ruleId.endsWith('dump'));
    assert.equal(dump?.evidence?.['secretNames'], 'AWS_SECRET_ACCESS_KEY');
  });

  it('finds the same on worker threads', async () => {
    const report = await scanPaths(['planted'], { cwd: root, only: ['secrets'], jobs: 2 });
    assert.deepEqual(report.findings.map(place).sort(), [...EXPECTED].sort());
  });

  it('finds every planted secret in git history after the files were deleted, with the commit', async () => {
    const repo = new TestRepo('mlsec-secrets-history-');
    try {
      cpSync(joinPath(root, 'planted'), joinPath(repo.dir, 'planted'), { recursive: true });
      const added = repo.commit({ message: 'add training project' });
      repo.git('rm', '-r', '-q', 'planted');
      repo.commit({ message: 'remove it again' });
      const history = await scanGitHistory({ cwd: repo.dir });
      assert.deepEqual(history.findings.map(place).sort(), [...EXPECTED].sort());
      assert.ok(history.findings.every((f) => f.evidence?.['commit'] === added));
      assert.equal(history.stats.commits, 2);
    } finally {
      repo.remove();
    }
  });

  it('reports nothing on the clean twin', async () => {
    const report = await scanPaths(['clean'], { cwd: root, only: ['secrets'] });
    assert.deepEqual(report.findings.map(place), []);
    assert.ok(report.stats.files >= 20);
  });
});
