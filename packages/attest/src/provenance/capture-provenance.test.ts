import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { subjectDigest } from '../manifest/index.ts';
import { captureProvenance } from './capture-provenance.ts';
import { BUILDER_ID_PREFIX, SLSA_PROVENANCE_V1, TRAINING_BUILD_TYPE } from './constants.ts';
import { parseProvenanceStatement } from './read-statement.ts';
import { at, listAt } from './testing/json-path.ts';
import { makeTrainingRepo, SECRETS, type TrainingRepo } from './testing/training-repo.ts';
import { provenanceValidators } from './testing/schema-validator.ts';
import type { CapturedProvenance } from './capture-provenance.ts';

const validators = provenanceValidators();

function capture(t: TrainingRepo, extra: { startedOn?: string; finishedOn?: string } = {}) {
  return captureProvenance({
    model: t.model,
    datasets: [t.trainSet, t.labels],
    hyperparameters: { learning_rate: 0.001, epochs: 3 },
    repoDir: t.repo,
    builderVersion: '9.9.9',
    pipFreeze: false,
    gpus: false,
    ...extra,
  });
}

describe('captureProvenance', () => {
  describe('in a dirty git work tree whose remote carries credentials', () => {
    let t: TrainingRepo;
    let captured: CapturedProvenance;
    let json: unknown;
    let text: string;
    const deps = () => listAt(json, 'predicate.buildDefinition.resolvedDependencies');
    const dep = (name: string) => deps().find((d) => at(d, 'name') === name);
    const names = (list: unknown[]) => list.map((x) => at(x, 'name'));
    before(async () => {
      t = makeTrainingRepo({ git: true });
      captured = await capture(t, {
        startedOn: '2024-05-01T10:00:00+02:00',
        finishedOn: '2024-05-01T12:30:00Z',
      });
      text = new TextDecoder().decode(captured.bytes);
      json = JSON.parse(text);
    });
    after(() => t.cleanup());

    it('names the model in subject[0] with its OMS root digest, then one subject per file', () => {
      const subjects = listAt(json, 'subject');
      assert.equal(at(json, 'subject.0.name'), 'model');
      const files = subjects.slice(1);
      assert.deepEqual(names(files), ['config.json', 'model.safetensors', 'tokenizer/vocab.txt']);
      const root = subjectDigest({
        resources: files.map((s) => ({
          name: String(at(s, 'name')),
          algorithm: 'sha256',
          digest: String(at(s, 'digest.sha256')),
        })),
      });
      assert.equal(at(json, 'subject.0.digest.sha256'), root);
      assert.equal(captured.facts.model.rootSha256, root);
    });

    it('records the build type, parameters, builder and the given times in UTC', () => {
      assert.equal(at(json, 'predicateType'), SLSA_PROVENANCE_V1);
      const ext = 'predicate.buildDefinition.externalParameters';
      assert.equal(at(json, 'predicate.buildDefinition.buildType'), TRAINING_BUILD_TYPE);
      assert.deepEqual(at(json, `${ext}.hyperparameters`), { learning_rate: 0.001, epochs: 3 });
      assert.equal(at(json, `${ext}.model.name`), 'model');
      assert.deepEqual(names(listAt(json, `${ext}.datasets`)), ['train', 'labels.csv']);
      assert.equal(at(json, 'predicate.runDetails.builder.id'), `${BUILDER_ID_PREFIX}9.9.9`);
      assert.equal(at(json, 'predicate.runDetails.metadata.startedOn'), '2024-05-01T08:00:00.000Z');
      assert.equal(
        at(json, 'predicate.runDetails.metadata.finishedOn'),
        '2024-05-01T12:30:00.000Z',
      );
      assert.match(
        String(at(json, 'predicate.runDetails.metadata.invocationId')),
        /^[0-9a-f-]{36}$/,
      );
      assert.deepEqual(at(json, 'predicate.runDetails.byproducts'), []);
    });

    it('records each dataset as one root digest with its files, and a single file as "."', () => {
      const train = dep('train');
      assert.equal(at(train, 'uri'), `file:${t.trainSet}`);
      assert.equal(at(train, 'annotations.mlsec\u002ekind'), undefined); // dotted key: read below
      assert.equal((at(train, 'annotations') as Record<string, unknown>)['mlsec.kind'], 'dataset');
      assert.equal(at(train, 'annotations.fileCount'), 2);
      assert.equal(at(train, 'annotations.totalBytes'), 16);
      assert.deepEqual(names(listAt(train, 'annotations.files')), ['part-0.csv', 'part-1.csv']);
      const labels = dep('labels.csv');
      assert.deepEqual(names(listAt(labels, 'annotations.files')), ['.']);
      assert.match(String(at(labels, 'digest.sha256')), /^[0-9a-f]{64}$/);
    });

    it('records the commit, branch and dirty state, and the remote without credentials', () => {
      const source = dep('source');
      assert.deepEqual(at(source, 'digest'), { gitCommit: t.commit });
      assert.equal(at(source, 'uri'), `git+https://git.example.com/org/repo.git@${t.commit ?? ''}`);
      assert.deepEqual(at(source, 'annotations'), {
        'mlsec.kind': 'source',
        dirty: true,
        branch: 'main',
      });
    });

    it('never writes the credentials anywhere in the output', () => {
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `output contains ${secret}`);
    });

    it('hashes the lock files in the repository root', () => {
      const env = 'predicate.buildDefinition.internalParameters.environment';
      assert.deepEqual(names(listAt(json, `${env}.python.lockFiles`)), [
        'poetry.lock',
        'requirements.txt',
      ]);
      assert.equal(at(json, `${env}.node`), process.version);
      assert.ok(Number(at(json, `${env}.cpus.count`)) >= 1);
      assert.deepEqual(at(json, `${env}.gpus`), []);
    });

    it('writes canonical JSON: sorted keys, two-space indent, final newline', () => {
      assert.equal(text, `${JSON.stringify(json, null, 2)}\n`);
      assert.ok(text.indexOf('"_type"') < text.indexOf('"predicate"'));
    });

    it('validates against the in-toto Statement v1 and SLSA Provenance v1 schemas', () => {
      assert.deepEqual(validators.statement(json), []);
      assert.deepEqual(validators.predicate(at(json, 'predicate')), []);
      assert.deepEqual(validators.slsaStatement(json), []);
    });

    it('reads back into the same facts', () => {
      const read = parseProvenanceStatement(captured.bytes);
      assert.ok(read.ok, JSON.stringify(read.issues));
      assert.equal(read.value.model.sha256, captured.facts.model.rootSha256);
      assert.equal(read.value.modelFiles.length, 3);
      assert.deepEqual(
        read.value.datasets.map((d) => [d.name, d.path, d.fileCount]),
        [
          ['train', t.trainSet, 2],
          ['labels.csv', t.labels, 1],
        ],
      );
      assert.equal(read.value.source?.commit, t.commit);
    });
  });

  describe('outside a git work tree', () => {
    let t: TrainingRepo;
    before(() => {
      t = makeTrainingRepo({ git: false });
    });
    after(() => t.cleanup());

    it('still captures, with no source dependency', async () => {
      const { statement, facts } = await capture(t);
      assert.equal(facts.source, undefined);
      const deps = statement.predicate.buildDefinition.resolvedDependencies;
      assert.deepEqual(
        deps.map((d) => d.name),
        ['train', 'labels.csv'],
      );
      assert.ok(Date.parse(facts.finishedOn) >= Date.parse(facts.startedOn));
      assert.deepEqual(validators.slsaStatement(JSON.parse(JSON.stringify(statement))), []);
    });

    it('refuses a missing dataset with PROVENANCE_DATASET_NOT_FOUND', async () => {
      await assert.rejects(
        captureProvenance({
          model: t.model,
          datasets: [join(t.repo, 'no-such-data')],
          hyperparameters: {},
          repoDir: t.repo,
          builderVersion: '0',
          pipFreeze: false,
          gpus: false,
        }),
        { code: 'PROVENANCE_DATASET_NOT_FOUND' },
      );
    });

    it('refuses a finish time before the start time', async () => {
      await assert.rejects(
        capture(t, { startedOn: '2024-05-02T00:00:00Z', finishedOn: '2024-05-01T00:00:00Z' }),
        { code: 'ATTEST_BAD_OPTIONS' },
      );
    });
  });
});
