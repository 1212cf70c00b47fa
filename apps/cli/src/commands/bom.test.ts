import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { runCapture } from '../testing/run-cli.ts';

type Json = Record<string, unknown>;

const root = mkdtempSync(join(tmpdir(), 'mlsec-cli-bom-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A small Hugging Face style model folder: card, config, SafeTensors weights, a pickle, a tokenizer. */
function hfModel(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'tokenizer'), { recursive: true });
  const card = [
    '---',
    'license: apache-2.0',
    'pipeline_tag: text-classification',
    'datasets: [stanfordnlp/imdb]',
    'model-index:',
    '- name: tiny-sentiment',
    '  results:',
    '  - dataset: {name: IMDB, split: test}',
    '    metrics: [{type: accuracy, value: 0.91}]',
    '---',
    '# Tiny',
  ].join('\n');
  writeFileSync(join(dir, 'README.md'), card);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ architectures: ['BertModel'], model_type: 'bert' }),
  );
  const header = Buffer.from(
    JSON.stringify({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }),
  );
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  writeFileSync(join(dir, 'model.safetensors'), Buffer.concat([length, header, Buffer.alloc(4)]));
  writeFileSync(
    join(dir, 'pytorch_model.bin'),
    Uint8Array.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]),
  );
  writeFileSync(join(dir, 'tokenizer', 'vocab.txt'), 'a\nb\n');
  return dir;
}

/** A Sigstore bundle holding a SLSA v1 provenance statement, as `mlsec provenance capture` writes it. */
function provenanceBundle(subject: string): string {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'tiny', digest: { sha256: subject } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://github.com/mlsec/mlsec/blob/main/docs/provenance.md#training-v1',
        externalParameters: { hyperparameters: { epochs: 2 } },
        resolvedDependencies: [
          {
            name: 'reviews',
            uri: 'file:data/reviews',
            digest: { sha256: '5'.repeat(64) },
            annotations: { 'mlsec.kind': 'dataset', fileCount: 3, totalBytes: 300 },
          },
        ],
      },
      runDetails: {
        builder: { id: 'https://github.com/mlsec/mlsec/cli@0.1.0' },
        metadata: { startedOn: '2025-02-01T00:00:00Z' },
      },
    },
  };
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [] },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: Buffer.from('unchecked').toString('base64'), keyid: '' }],
    },
  });
}

const run = (env: Record<string, string>, ...argv: string[]) =>
  runCapture(argv, { cwd: root, env });

function modelOf(bom: Json): Json {
  return (bom['metadata'] as Json)['component'] as Json;
}

function prop(component: Json, name: string): string[] {
  return ((component['properties'] ?? []) as Json[])
    .filter((p) => p['name'] === name)
    .map((p) => String(p['value']));
}

const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';

describe('mlsec bom', () => {
  it('writes a schema-valid CycloneDX 1.6 ML-BOM with formats identified by content and unverified provenance', async () => {
    const dir = hfModel('with-provenance');
    writeFileSync(join(root, 'run.provenance.json'), provenanceBundle('0'.repeat(64)));
    const { code, out, err } = await run({}, 'bom', dir, '--provenance', 'run.provenance.json');
    assert.equal(code, 0, err);
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(out), null);
    const bom = JSON.parse(out) as Json;
    const model = modelOf(bom);
    assert.equal(model['type'], 'machine-learning-model');
    assert.equal(model['name'], 'tiny-sentiment');
    const files = model['components'] as Json[];
    assert.deepEqual(
      files.map((f) => [f['name'], prop(f, 'mlsec:format')[0]]),
      [
        ['README.md', 'text'],
        ['config.json', 'json'],
        ['model.safetensors', 'safetensors'],
        ['pytorch_model.bin', 'pickle'],
        ['tokenizer/vocab.txt', 'text'],
      ],
    );
    assert.deepEqual(prop(model, 'mlsec:provenance:verified'), ['false']);
    assert.deepEqual(prop(model, 'mlsec:provenance:subject-matches-model'), ['false']);
    const datasets = (bom['components'] as Json[]).map((c) => c['name']);
    assert.deepEqual(datasets, ['stanfordnlp/imdb', 'reviews']);
    assert.match(err, /WITHOUT verifying it; run 'mlsec provenance verify'/);
  });

  it('writes --output inside the model without hashing it, and is reproducible with SOURCE_DATE_EPOCH', async () => {
    const dir = hfModel('reproducible');
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const first = await run(
      env,
      'bom',
      dir,
      '-o',
      join(dir, 'bom.cdx.json'),
      '--serial-number',
      SERIAL,
    );
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /wrote CycloneDX 1\.6 ML-BOM \(model root digest [0-9a-f]{64}\)/);
    const written = readFileSync(join(dir, 'bom.cdx.json'), 'utf8');
    // Run again: the BOM written last time is in the folder but left out, so the bytes are the same.
    const second = await run(
      env,
      'bom',
      dir,
      '-o',
      join(dir, 'bom.cdx.json'),
      '--serial-number',
      SERIAL,
    );
    assert.equal(second.code, 0, second.err);
    assert.equal(readFileSync(join(dir, 'bom.cdx.json'), 'utf8'), written);
    const bom = JSON.parse(written) as Json;
    assert.equal((bom['metadata'] as Json)['timestamp'], '2023-11-14T22:13:20.000Z');
    assert.equal(bom['serialNumber'], SERIAL);
    assert.ok(!(modelOf(bom)['components'] as Json[]).some((f) => f['name'] === 'bom.cdx.json'));
  });

  it('exits 2 on usage and input errors', async () => {
    const dir = hfModel('errors');
    writeFileSync(join(root, 'not-provenance.json'), '{"hello": "world"}');
    const cases: [string[], RegExp][] = [
      [['bom'], /CLI_USAGE/],
      [['bom', dir, dir], /CLI_USAGE/],
      [['bom', dir, '--spec-version', '1.5'], /CLI_USAGE/],
      [['bom', dir, '--timestamp', 'yesterday'], /CLI_USAGE/],
      [['bom', dir, '--serial-number', 'not-a-urn'], /ATTEST_BAD_OPTIONS/],
      [['bom', join(root, 'missing')], /ATTEST_MODEL_NOT_FOUND/],
      [['bom', dir, '--provenance', 'not-provenance.json'], /PROVENANCE_STATEMENT_INVALID/],
      [['bom', dir, '-o', join(root, 'no-such-dir', 'bom.json')], /CLI_OUTPUT_FAILED/],
    ];
    for (const [argv, pattern] of cases) {
      const { code, err } = await run({}, ...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, pattern, argv.join(' '));
    }
  });

  it('explains itself with --help, including that provenance is not verified', async () => {
    const { code, out } = await run({}, 'bom', '--help');
    assert.equal(code, 0);
    assert.match(out, /Usage: mlsec bom/);
    assert.match(out, /NOT verified here/);
    assert.match(out, /Examples:\n {2}mlsec bom/);
  });
});
