import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStatement } from './build-statement.ts';
import { MAX_DATASET_FILES_LISTED, MAX_FILE_SUBJECTS } from './constants.ts';
import { sampleFacts } from './testing/facts.ts';
import { at, deleteAt, listAt, setAt } from './testing/json-path.ts';
import { provenanceValidators } from './testing/schema-validator.ts';

const validators = provenanceValidators();
const valid = (): unknown =>
  JSON.parse(new TextDecoder().decode(buildStatement(sampleFacts()).bytes));

describe('buildStatement', () => {
  it('gives the same bytes for the same facts', () => {
    assert.deepEqual(buildStatement(sampleFacts()).bytes, buildStatement(sampleFacts()).bytes);
  });

  it('writes the source as git+<remote>@<commit> with a gitCommit digest', () => {
    const source = at(valid(), 'predicate.buildDefinition.resolvedDependencies.1');
    assert.deepEqual(source, {
      annotations: { branch: 'main', dirty: false, 'mlsec.kind': 'source' },
      digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' },
      name: 'source',
      uri: 'git+https://example.com/org/repo.git@0123456789abcdef0123456789abcdef01234567',
    });
  });

  it('leaves the source uri out when the repository has no remote', () => {
    const facts = sampleFacts();
    const source = { commit: '0123456789abcdef0123456789abcdef01234567', dirty: true };
    const { statement } = buildStatement({ ...facts, source });
    const dep = statement.predicate.buildDefinition.resolvedDependencies[1];
    assert.equal(dep?.uri, undefined);
    assert.deepEqual(dep?.digest, { gitCommit: source.commit });
  });

  it('percent-encodes a dataset path that a URI cannot hold', () => {
    assert.equal(
      at(valid(), 'predicate.buildDefinition.resolvedDependencies.0.uri'),
      'file:data/my%20train',
    );
  });

  it(`writes only subject[0] for a model of more than ${MAX_FILE_SUBJECTS} files`, () => {
    const facts = sampleFacts();
    const files = Array.from({ length: MAX_FILE_SUBJECTS + 1 }, (_, i) => ({
      name: `f${i}`,
      sha256: '0'.repeat(64),
    }));
    const { statement } = buildStatement({ ...facts, model: { ...facts.model, files } });
    assert.equal(statement.subject.length, 1);
  });

  it(`leaves the file list out for a dataset of more than ${MAX_DATASET_FILES_LISTED} files`, () => {
    const facts = sampleFacts();
    const d = facts.datasets[0];
    assert.ok(d);
    const files = Array.from({ length: MAX_DATASET_FILES_LISTED + 1 }, (_, i) => ({
      name: `f${i}`,
      sha256: '0'.repeat(64),
    }));
    const { statement } = buildStatement({
      ...facts,
      datasets: [{ ...d, files, fileCount: files.length }],
    });
    const ann = statement.predicate.buildDefinition.resolvedDependencies[0]?.annotations;
    assert.equal(ann?.['files'], undefined);
    assert.equal(ann?.['fileCount'], MAX_DATASET_FILES_LISTED + 1);
  });
});

describe('the in-toto and SLSA schemas', () => {
  it('accept the sample statement', () => {
    assert.deepEqual(validators.slsaStatement(valid()), []);
  });

  it('reject a statement missing buildType', () => {
    const st = valid();
    deleteAt(st, 'predicate.buildDefinition.buildType');
    assert.ok(validators.predicate(at(st, 'predicate')).some((e) => e.includes('buildType')));
    assert.notDeepEqual(validators.slsaStatement(st), []);
  });

  it('reject a subject digest that is not 64 lower-case hex digits', () => {
    for (const bad of ['A'.repeat(64), 'a'.repeat(63), 'zz'.repeat(32)]) {
      const st = valid();
      setAt(st, 'subject.0.digest.sha256', bad);
      assert.ok(
        validators.statement(st).some((e) => e.includes('/subject/0/digest/sha256')),
        bad,
      );
    }
  });

  it('reject a subject without a digest, and an empty subject list', () => {
    const st = valid();
    deleteAt(st, 'subject.1.digest');
    assert.notDeepEqual(validators.statement(st), []);
    const empty = valid();
    setAt(empty, 'subject', []);
    assert.notDeepEqual(validators.statement(empty), []);
  });

  it('reject a wrong _type and a predicateType that is not a URI', () => {
    const old = valid();
    setAt(old, '_type', 'https://in-toto.io/Statement/v0.1');
    assert.notDeepEqual(validators.statement(old), []);
    const notUri = valid();
    setAt(notUri, 'predicateType', 'not a uri');
    assert.notDeepEqual(validators.statement(notUri), []);
  });

  it('reject a timestamp that is not RFC 3339 UTC', () => {
    for (const bad of ['2024-05-01 08:00:00', '2024-05-01T08:00:00+02:00', 'yesterday']) {
      const st = valid();
      setAt(st, 'predicate.runDetails.metadata.startedOn', bad);
      assert.notDeepEqual(validators.predicate(at(st, 'predicate')), [], bad);
    }
  });

  it('reject a resolved dependency with neither uri, digest nor content, and a missing builder id', () => {
    const st = valid();
    listAt(st, 'predicate.buildDefinition.resolvedDependencies').push({ name: 'nothing' });
    assert.notDeepEqual(validators.predicate(at(st, 'predicate')), []);
    const st2 = valid();
    deleteAt(st2, 'predicate.runDetails.builder.id');
    assert.notDeepEqual(validators.predicate(at(st2, 'predicate')), []);
  });
});
