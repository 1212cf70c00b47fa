import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { signStatementBundle } from '../sign/sign-bundle.ts';
import { captureProvenance } from './capture-provenance.ts';
import { verifyProvenance } from './verify-provenance.ts';
import { makeTrainingRepo, type TrainingRepo } from './testing/training-repo.ts';

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

describe('verifyProvenance', () => {
  let t: TrainingRepo;
  let bundle: Uint8Array;
  const keys = keyPair();
  const policy = { kind: 'key', publicKeyPem: keys.publicPem } as const;
  const verify = (bytes = bundle, extra: { datasets?: Record<string, string> } = {}) =>
    verifyProvenance(bytes, { policy, model: t.model, cwd: t.root, ...extra });

  before(async () => {
    t = makeTrainingRepo({ git: true });
    const { bytes } = await captureProvenance({
      model: t.model,
      datasets: [t.trainSet, t.labels],
      hyperparameters: { lr: 1 },
      repoDir: t.repo,
      builderVersion: '0.0.0',
      pipFreeze: false,
      gpus: false,
    });
    bundle = new TextEncoder().encode(signStatementBundle(bytes, loadSigningKey(keys.privatePem)));
  });
  after(() => t.cleanup());

  it('verifies a signed capture against the untouched model and datasets', async () => {
    const result = await verify();
    assert.deepEqual(result.problems, []);
    assert.equal(result.verified, true);
    assert.equal(result.signer?.kind, 'key');
    assert.deepEqual(
      result.datasets.map((d) => [d.name, d.ok]),
      [
        ['train', true],
        ['labels.csv', true],
      ],
    );
  });

  it('fails with VERIFY_KEY_MISMATCH or VERIFY_SIGNATURE_INVALID under another key', async () => {
    const other = keyPair();
    const result = await verifyProvenance(bundle, {
      policy: { kind: 'key', publicKeyPem: other.publicPem },
      model: t.model,
      cwd: t.root,
    });
    assert.equal(result.verified, false);
    assert.match(result.problems[0]?.code ?? '', /^VERIFY_(KEY_MISMATCH|SIGNATURE_INVALID)$/);
  });

  it('fails with a VERIFY_ code after one byte of the signed payload changes', async () => {
    const text = new TextDecoder().decode(bundle);
    const bundleJson = JSON.parse(text) as { dsseEnvelope: { payload: string } };
    const payload = Buffer.from(bundleJson.dsseEnvelope.payload, 'base64');
    const at = payload.indexOf('"lr": 1');
    assert.ok(at > 0);
    payload[at + 6] = '2'.charCodeAt(0);
    bundleJson.dsseEnvelope.payload = payload.toString('base64');
    const result = await verify(new TextEncoder().encode(JSON.stringify(bundleJson)));
    assert.equal(result.verified, false);
    assert.equal(result.problems[0]?.code, 'VERIFY_SIGNATURE_INVALID');
    assert.equal(result.record, undefined);
  });

  it('fails when one byte of the bundle file itself changes', async () => {
    const tampered = Uint8Array.from(bundle);
    const at = new TextDecoder().decode(bundle).indexOf('"sig":"') + 10;
    tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
    const result = await verify(tampered);
    assert.equal(result.verified, false);
    assert.match(result.problems[0]?.code ?? '', /^VERIFY_/);
  });

  describe('when a model file changes', () => {
    before(() => appendFileSync(join(t.model, 'config.json'), ' '));
    after(() => writeFileSync(join(t.model, 'config.json'), '{"hidden": 64}\n'));

    it('fails with PROVENANCE_SUBJECT_MISMATCH naming the modified file', async () => {
      const result = await verify();
      assert.equal(result.verified, false);
      const problem = result.problems.find((p) => p.code === 'PROVENANCE_SUBJECT_MISMATCH');
      assert.deepEqual(problem?.files, { modified: ['config.json'], missing: [], extra: [] });
      assert.match(problem?.message ?? '', /modified: config\.json/);
    });
  });

  describe('when a model file is renamed', () => {
    const from = () => join(t.model, 'tokenizer', 'vocab.txt');
    const to = () => join(t.model, 'tokenizer', 'vocab2.txt');
    before(() => renameSync(from(), to()));
    after(() => renameSync(to(), from()));

    it('names the missing and the extra file', async () => {
      const problem = (await verify()).problems[0];
      assert.equal(problem?.code, 'PROVENANCE_SUBJECT_MISMATCH');
      assert.deepEqual(problem?.files, {
        modified: [],
        missing: ['tokenizer/vocab.txt'],
        extra: ['tokenizer/vocab2.txt'],
      });
    });
  });

  describe('when a dataset file changes', () => {
    before(() => appendFileSync(join(t.trainSet, 'part-1.csv'), '5,6\n'));
    after(() => writeFileSync(join(t.trainSet, 'part-1.csv'), 'x,y\n3,4\n'));

    it('fails with PROVENANCE_DATASET_MISMATCH naming the dataset and the file', async () => {
      const result = await verify();
      assert.equal(result.verified, false);
      assert.equal(result.problems.length, 1);
      const problem = result.problems[0];
      assert.equal(problem?.code, 'PROVENANCE_DATASET_MISMATCH');
      assert.equal(problem?.subject, 'train');
      assert.match(problem?.message ?? '', /dataset train .*modified: part-1\.csv/);
    });
  });

  describe('when a dataset is elsewhere on disk', () => {
    const moved = () => join(t.root, 'moved-train');
    before(() => {
      mkdirSync(moved());
      writeFileSync(join(moved(), 'part-0.csv'), 'x,y\n1,2\n');
      writeFileSync(join(moved(), 'part-1.csv'), 'x,y\n3,4\n');
    });
    after(() => rmSync(moved(), { recursive: true }));

    it('checks the path given for that dataset name instead', async () => {
      const result = await verify(bundle, { datasets: { train: moved() } });
      assert.deepEqual(result.problems, []);
      assert.equal(result.datasets[0]?.path, moved());
    });

    it('refuses a dataset name the provenance does not record', async () => {
      await assert.rejects(verify(bundle, { datasets: { nope: moved() } }), {
        code: 'ATTEST_BAD_OPTIONS',
      });
    });
  });

  it('reports a recorded dataset that is gone as PROVENANCE_DATASET_NOT_FOUND', async () => {
    renameSync(t.labels, `${t.labels}.bak`);
    try {
      const result = await verify();
      assert.equal(result.verified, false);
      assert.deepEqual(
        result.problems.map((p) => [p.code, p.subject]),
        [['PROVENANCE_DATASET_NOT_FOUND', 'labels.csv']],
      );
    } finally {
      renameSync(`${t.labels}.bak`, t.labels);
    }
  });
});
