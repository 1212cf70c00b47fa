import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { signStatementBundle } from '../sign/sign-bundle.ts';
import { buildStatement } from './build-statement.ts';
import { parseProvenanceStatement, readProvenance } from './read-statement.ts';
import { sampleFacts } from './testing/facts.ts';
import { deleteAt, listAt, setAt } from './testing/json-path.ts';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const sample = (): unknown =>
  JSON.parse(new TextDecoder().decode(buildStatement(sampleFacts()).bytes));
const edited = (path: string, value: unknown) => {
  const st = sample();
  setAt(st, path, value);
  return st;
};
const codeOf = (v: unknown) => {
  const r = parseProvenanceStatement(enc(v));
  assert.equal(r.ok, false, 'accepted');
  return `${r.issues[0]?.code ?? ''}: ${r.issues[0]?.message ?? ''}`;
};

describe('parseProvenanceStatement', () => {
  it('reads the recorded model, files, datasets (path decoded from the uri) and source', () => {
    const r = parseProvenanceStatement(buildStatement(sampleFacts()).bytes);
    assert.ok(r.ok);
    assert.deepEqual(r.value.model, { name: 'resnet', sha256: 'a'.repeat(64) });
    assert.equal(r.value.modelFiles.length, 2);
    assert.deepEqual(r.value.datasets[0]?.path, 'data/my train');
    assert.equal(r.value.source?.uri?.startsWith('git+https://example.com/'), true);
    assert.equal(r.value.metadata?.startedOn, '2024-05-01T08:00:00.000Z');
  });

  it('refuses another predicate type or statement type', () => {
    assert.match(
      codeOf(edited('predicateType', 'https://slsa.dev/provenance/v0.2')),
      /^PROVENANCE_STATEMENT_INVALID: predicateType/,
    );
    assert.match(codeOf(edited('_type', 'https://in-toto.io/Statement/v0.1')), /_type/);
  });

  it('refuses bad digests, duplicate subjects and malformed dataset dependencies', () => {
    const upper = sample();
    setAt(upper, 'subject.0.digest.sha256', 'A'.repeat(64));
    assert.match(codeOf(upper), /subject\[0\]/);
    const dup = sample();
    const subjects = listAt(dup, 'subject');
    subjects.push(subjects[1]);
    assert.match(codeOf(dup), /listed twice/);
    const noUri = sample();
    deleteAt(noUri, 'predicate.buildDefinition.resolvedDependencies.0.uri');
    assert.match(codeOf(noUri), /uri/);
    const badCount = sample();
    setAt(badCount, 'predicate.buildDefinition.resolvedDependencies.0.annotations.fileCount', -1);
    assert.match(codeOf(badCount), /fileCount/);
  });

  it('refuses __proto__ keys, non-JSON and oversized nesting without throwing', () => {
    assert.match(codeOf('{"__proto__": {}}'), /^PROVENANCE_STATEMENT_INVALID/);
    assert.match(codeOf('not json'), /^PROVENANCE_STATEMENT_INVALID/);
    assert.match(codeOf(`${'['.repeat(100)}${']'.repeat(100)}`), /^PROVENANCE_STATEMENT_INVALID/);
  });

  it('refuses more subjects than the limit', () => {
    const many = sample();
    setAt(
      many,
      'subject',
      Array.from({ length: 10_002 }, (_, i) => ({
        name: `f${i}`,
        digest: { sha256: '0'.repeat(64) },
      })),
    );
    assert.match(codeOf(many), /more than 10001/);
  });
});

describe('readProvenance', () => {
  it('reads a bare statement and a bundle, saying which, without checking the signature', () => {
    const { bytes } = buildStatement(sampleFacts());
    const bare = readProvenance(bytes);
    assert.ok(bare.ok);
    assert.equal(bare.value.container, 'in-toto-statement');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const bundle = readProvenance(enc(signStatementBundle(bytes, loadSigningKey(pem))));
    assert.ok(bundle.ok);
    assert.equal(bundle.value.container, 'sigstore-bundle');
    assert.deepEqual(bundle.value.payload, bytes);
    assert.equal(bundle.value.record.model.name, 'resnet');
  });

  it('reads the statement out of a bare DSSE envelope, and refuses one whose payload is not base64', () => {
    const { bytes } = buildStatement(sampleFacts());
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(bytes).toString('base64'),
      signatures: [],
    };
    const read = readProvenance(enc(envelope));
    assert.ok(read.ok);
    assert.equal(read.value.container, 'dsse-envelope');
    assert.deepEqual(read.value.payload, bytes);
    assert.equal(read.value.record.model.sha256, 'a'.repeat(64));
    const bad = readProvenance(enc({ ...envelope, payload: 'not base64!' }));
    assert.equal(bad.ok, false);
    assert.equal(bad.issues[0]?.code, 'PROVENANCE_STATEMENT_INVALID');
    assert.match(bad.issues[0]?.message ?? '', /not base64/);
  });

  it('passes bundle parse errors through with their VERIFY_ code', () => {
    const r = readProvenance(enc({ mediaType: 'nope' }));
    assert.equal(r.ok, false);
    assert.match(r.issues[0]?.code ?? '', /^VERIFY_BUNDLE_/);
  });
});
