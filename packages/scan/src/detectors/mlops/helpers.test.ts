import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySource } from '@mlsec/core';
import { runDetector } from '../../testing/run-detector.ts';
import { imagePinProblem } from './images.ts';
import { MLOPS_DETECTORS } from './index.ts';
import { invocationsInText } from './invocations.ts';
import { looksLikeSecretName } from './secret-names.ts';
import { optionValue, shellCommands } from './text.ts';

async function ruleIds(text: string, path = 'file'): Promise<string[]> {
  const source = memorySource(new TextEncoder().encode(text));
  const ids: string[] = [];
  for (const detector of MLOPS_DETECTORS) {
    const { reports } = await runDetector(detector, source, { format: 'text', path });
    ids.push(...reports.map((r) => r.ruleId));
  }
  return ids;
}

describe('looksLikeSecretName', () => {
  it('accepts credential names', () => {
    for (const name of [
      'HF_TOKEN',
      'WANDB_API_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'MLFLOW_TRACKING_PASSWORD',
      'dbPassword',
    ]) {
      assert.equal(looksLikeSecretName(name), true, name);
    }
  });
  it('rejects names that only contain or point at one', () => {
    for (const name of [
      'TOKENIZERS_PARALLELISM',
      'HF_TOKEN_PATH',
      'AWS_ACCESS_KEY_ID',
      'PASSWORD_FILE',
      'KEY',
      'PWD',
    ]) {
      assert.equal(looksLikeSecretName(name), false, name);
    }
  });
});

describe('imagePinProblem', () => {
  it('tells latest and untagged images from pinned ones', () => {
    assert.equal(imagePinProblem('rayproject/ray'), 'untagged');
    assert.equal(imagePinProblem('registry:5000/ray'), 'untagged');
    assert.equal(imagePinProblem('ray:latest'), 'latest');
    assert.equal(imagePinProblem('registry:5000/ray:2.40.0'), undefined);
    assert.equal(imagePinProblem(`ray:latest@sha256:${'0'.repeat(64)}`), undefined);
    assert.equal(imagePinProblem('${BASE_IMAGE}'), undefined);
  });
});

describe('shell command lines', () => {
  it('split commands and remove quotes', () => {
    assert.deepEqual(shellCommands(`cd /x && jupyter lab --NotebookApp.token='' | tee log # c`), [
      ['cd', '/x'],
      ['jupyter', 'lab', '--NotebookApp.token='],
      ['tee', 'log'],
    ]);
    assert.equal(optionValue(['--host', '0.0.0.0'], ['--host']), '0.0.0.0');
    assert.equal(optionValue(['--host=::'], ['--host']), '::');
    assert.equal(optionValue(['--port', '1'], ['--host']), undefined);
  });
  it('find invocations in exec form, sh -c and continued lines', () => {
    const text =
      'CMD ["sh", "-c", "ray start --head --dashboard-host=0.0.0.0 && sleep infinity"]\nmlflow \\\n  server --host 0.0.0.0\n';
    assert.deepEqual(
      invocationsInText(text).map((i) => [i.tool, i.line]),
      [
        ['ray', 1],
        ['mlflow', 2],
      ],
    );
  });
});

describe('low-noise conditions', () => {
  it('stay silent on local-only servers and documentation', async () => {
    assert.deepEqual(
      await ruleIds('#!/bin/sh\nmlflow server --port 5000\nray start --head\njupyter lab\n'),
      [],
    );
    assert.deepEqual(await ruleIds('Run `mlflow server --host 0.0.0.0`\n', 'README.md'), []);
  });
  it('accept Ray token authentication and an authenticating proxy', async () => {
    assert.deepEqual(
      await ruleIds('export RAY_AUTH_MODE=token\nray start --head --dashboard-host 0.0.0.0\n'),
      [],
    );
    assert.deepEqual(await ruleIds('# behind oauth2-proxy\nmlflow server --host 0.0.0.0\n'), []);
  });
  it('report the same command without them', async () => {
    assert.deepEqual(await ruleIds('ray start --head --dashboard-host 0.0.0.0\n'), [
      'mlops/ray-dashboard-exposed',
    ]);
  });
  it('never put secret values in findings', async () => {
    const text =
      'services:\n  app:\n    image: app:1.0\n    environment:\n      - WANDB_API_KEY=changeme-not-a-secret\n';
    const source = memorySource(new TextEncoder().encode(text));
    const all = [];
    for (const d of MLOPS_DETECTORS)
      all.push(...(await runDetector(d, source, { format: 'text' })).reports);
    assert.deepEqual(
      all.map((r) => r.ruleId),
      ['mlops/secret-in-env'],
    );
    assert.ok(!JSON.stringify(all).includes('changeme'));
  });
});
