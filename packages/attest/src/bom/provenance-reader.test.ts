import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BOM_LIMITS } from './limits.ts';
import { readProvenanceSummary } from './provenance-reader.ts';
import { provenanceBundle, provenanceStatement } from './testing/hf-model.ts';

const MODEL = 'aa'.repeat(32);
const DATA = 'bb'.repeat(32);

function read(
  value: unknown,
  limits = DEFAULT_BOM_LIMITS,
): ReturnType<typeof readProvenanceSummary> {
  return readProvenanceSummary(
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    limits,
  );
}

describe('readProvenanceSummary', () => {
  it('reads datasets, source, hyperparameters and run times from a bare statement', () => {
    const got = read(provenanceStatement(MODEL, DATA));
    assert.ok(got.ok);
    assert.equal(got.value.container, 'in-toto-statement');
    assert.equal(got.value.subjectSha256, MODEL);
    assert.deepEqual(got.value.datasets, [
      { name: 'imdb-train', uri: 'file:data/imdb', sha256: DATA, fileCount: 12, totalBytes: 4096 },
    ]);
    assert.deepEqual(got.value.source, {
      uri: 'git+https://github.com/example/tiny-model@0123456789abcdef0123456789abcdef01234567',
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
    });
    assert.deepEqual(got.value.hyperparameters, [
      ['learning_rate', '0.0003'],
      ['epochs', '3'],
      ['optimizer', 'adamw'],
    ]);
    assert.equal(got.value.startedOn, '2025-01-02T03:04:05Z');
    assert.equal(got.value.finishedOn, '2025-01-02T04:05:06Z');
  });

  it('reads the statement out of a Sigstore bundle without verifying it', () => {
    const got = read(provenanceBundle(provenanceStatement(MODEL, DATA)));
    assert.ok(got.ok);
    assert.equal(got.value.container, 'sigstore-bundle');
    assert.equal(got.value.datasets[0]?.sha256, DATA);
  });

  it('reads a bare DSSE envelope', () => {
    const bundle = provenanceBundle(provenanceStatement(MODEL, DATA));
    const got = read(bundle['dsseEnvelope']);
    assert.ok(got.ok);
    assert.equal(got.value.container, 'dsse-envelope');
  });

  it('refuses a statement of another predicate type (e.g. a model signature)', () => {
    const st = {
      ...provenanceStatement(MODEL, DATA),
      predicateType: 'https://model_signing/signature/v1.0',
    };
    const got = read(st);
    assert.equal(got.ok, false);
    assert.equal(got.issues[0]?.code, 'PROVENANCE_STATEMENT_INVALID');
    assert.match(got.issues[0]?.message ?? '', /model_signing/);
  });

  it('refuses a bundle whose payload is not base64', () => {
    const bundle = provenanceBundle(provenanceStatement(MODEL, DATA));
    const env = { ...(bundle['dsseEnvelope'] as object), payload: 'not base64!' };
    assert.equal(read({ ...bundle, dsseEnvelope: env }).ok, false);
  });

  it('refuses __proto__ keys and files over the size limit', () => {
    assert.equal(
      read('{"__proto__": {"x": 1}, "_type": "https://in-toto.io/Statement/v1"}').ok,
      false,
    );
    const small = { ...DEFAULT_BOM_LIMITS, provenanceBytes: 100 };
    assert.equal(read(provenanceStatement(MODEL, DATA), small).ok, false);
  });

  it('keeps only well-formed digests and counts, and bounds strings', () => {
    const st = provenanceStatement('not-hex', 'short');
    const deps = (
      st['predicate'] as { buildDefinition: { resolvedDependencies: Record<string, unknown>[] } }
    ).buildDefinition.resolvedDependencies;
    deps[0] = {
      ...deps[0],
      name: 'n'.repeat(5000),
      annotations: { 'mlsec.kind': 'dataset', fileCount: -1, totalBytes: '77' },
    };
    const got = read(st);
    assert.ok(got.ok);
    assert.equal(got.value.subjectSha256, undefined);
    const [ds] = got.value.datasets;
    assert.equal(ds?.sha256, undefined);
    assert.equal(ds?.fileCount, undefined);
    assert.equal(ds?.totalBytes, 77);
    assert.equal(ds?.name.length, DEFAULT_BOM_LIMITS.stringChars);
  });
});
