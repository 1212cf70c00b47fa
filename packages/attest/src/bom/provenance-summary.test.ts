import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readProvenance } from '../provenance/read-statement.ts';
import { DEFAULT_BOM_LIMITS } from './limits.ts';
import type { BomLimits } from './limits.ts';
import { summarizeProvenance } from './provenance-summary.ts';
import type { ProvenanceSummary } from './provenance-summary.ts';
import { provenanceBundle, provenanceStatement } from './testing/hf-model.ts';

const MODEL = 'aa'.repeat(32);
const DATA = 'bb'.repeat(32);

function summary(value: unknown, limits: BomLimits = DEFAULT_BOM_LIMITS): ProvenanceSummary {
  const read = readProvenance(Buffer.from(JSON.stringify(value)));
  assert.ok(read.ok, read.ok ? '' : read.issues[0]?.message);
  return summarizeProvenance(read.value, limits);
}

describe('summarizeProvenance', () => {
  it('records datasets, source, hyperparameters, builder and run times from a bare statement', () => {
    const got = summary(provenanceStatement(MODEL, DATA));
    assert.deepEqual(got, {
      container: 'in-toto-statement',
      subjectSha256: MODEL,
      datasets: [
        {
          name: 'imdb-train',
          uri: 'file:data/imdb',
          sha256: DATA,
          fileCount: 12,
          totalBytes: 4096,
        },
      ],
      source: {
        uri: 'git+https://github.com/example/tiny-model@0123456789abcdef0123456789abcdef01234567',
        gitCommit: '0123456789abcdef0123456789abcdef01234567',
      },
      hyperparameters: [
        ['learning_rate', '0.0003'],
        ['epochs', '3'],
        ['optimizer', 'adamw'],
      ],
      builderId: 'https://mlsec.dev/cli',
      startedOn: '2025-01-02T03:04:05Z',
      finishedOn: '2025-01-02T04:05:06Z',
    });
  });

  it('says which container held the statement: Sigstore bundle or bare DSSE envelope', () => {
    const bundle = provenanceBundle(provenanceStatement(MODEL, DATA));
    const fromBundle = summary(bundle);
    assert.equal(fromBundle.container, 'sigstore-bundle');
    assert.equal(fromBundle.datasets[0]?.sha256, DATA);
    const fromEnvelope = summary(bundle['dsseEnvelope']);
    assert.equal(fromEnvelope.container, 'dsse-envelope');
    assert.equal(fromEnvelope.subjectSha256, MODEL);
  });

  it('cuts untrusted strings to stringChars and lists to listItems', () => {
    const st = provenanceStatement(MODEL, DATA);
    const def = (st['predicate'] as { buildDefinition: Record<string, unknown> }).buildDefinition;
    const deps = def['resolvedDependencies'] as Record<string, unknown>[];
    deps[0] = { ...deps[0], name: 'n'.repeat(5000) };
    deps.push({ ...deps[0], name: 'second' }, { ...deps[0], name: 'third' });
    def['externalParameters'] = { hyperparameters: { a: 'v'.repeat(5000), b: 2, c: 3 } };
    const limits = { ...DEFAULT_BOM_LIMITS, stringChars: 64, listItems: 2 };
    const got = summary(st, limits);
    assert.deepEqual(
      got.datasets.map((d) => d.name.length),
      [64, 'second'.length],
    );
    assert.deepEqual(
      got.hyperparameters.map(([k, v]) => [k, v.length]),
      [
        ['a', 64],
        ['b', 1],
      ],
    );
  });
});
