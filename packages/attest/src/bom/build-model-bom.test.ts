import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildManifest, subjectDigest } from '../manifest/index.ts';
import { buildModelBom } from './build-model-bom.ts';
import type { FormatOf } from './file-sample.ts';
import { serializeBom } from './serialize-bom.ts';
import { bomProblems } from './testing/bom-validator.ts';
import {
  modelFolder,
  pickleBytes,
  provenanceBundle,
  provenanceStatement,
  readme,
  safetensorsBytes,
} from './testing/hf-model.ts';
import type { BuildModelBomOptions } from './types.ts';

type Json = Record<string, unknown>;

/** The model component of a BOM. */
function modelOf(bom: unknown): Json {
  return at(bom, 'metadata', 'component') as Json;
}

/** The value at `path` in parsed JSON (objects and arrays), for assertions. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const key of path)
    v =
      v === null || typeof v !== 'object'
        ? undefined
        : (v as Record<string | number, unknown>)[key];
  return v;
}

/** Stand-in for @mlsec/formats' identify (attest may not import it): pickle by PROTO, else by header. */
const formatOf: FormatOf = (sample) =>
  sample.head[0] === 0x80 ? 'pickle' : sample.head[8] === 0x7b ? 'safetensors' : 'text';

const FIXED: BuildModelBomOptions = {
  toolVersion: '9.9.9',
  formatOf,
  serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  timestamp: new Date('2025-01-01T00:00:00Z'),
};

const CARD = `
license: apache-2.0
pipeline_tag: text-classification
library_name: transformers
base_model: google-bert/bert-base-uncased
tags: [bert, sentiment]
language: en
datasets:
- stanfordnlp/imdb
model-index:
- name: tiny-sentiment
  results:
  - task: {type: text-classification}
    dataset: {name: IMDB, type: stanfordnlp/imdb, split: test}
    metrics:
    - {type: accuracy, value: 0.912}
    - {type: f1, value: 0.905}
`;

function hfFiles(card = CARD): Record<string, string | Uint8Array> {
  return {
    'README.md': readme(card),
    'config.json': JSON.stringify({
      architectures: ['BertForSequenceClassification'],
      model_type: 'bert',
    }),
    'model.safetensors': safetensorsBytes(),
    'pytorch_model.bin': pickleBytes(),
    'tokenizer/vocab.txt': 'hello\nworld\n',
  };
}

async function valid(bom: unknown): Promise<void> {
  assert.deepEqual(await bomProblems(bom), []);
}

function props(component: unknown, name: string): string[] {
  return ((at(component, 'properties') ?? []) as Json[])
    .filter((p) => p['name'] === name)
    .map((p) => p['value'] as string);
}

describe('buildModelBom', () => {
  describe('for a Hugging Face model folder', () => {
    it('describes the model, its files, licence and model card, and validates against CycloneDX 1.6', async () => {
      const m = modelFolder(hfFiles());
      try {
        const { bom, rootDigest, issues } = await buildModelBom(m.dir, FIXED);
        await valid(bom);
        assert.deepEqual(issues, []);
        assert.equal(rootDigest, subjectDigest(await buildManifest(m.dir, { mode: 'file' })));
        const model = modelOf(bom);
        assert.equal(model['type'], 'machine-learning-model');
        assert.equal(model['name'], 'tiny-sentiment');
        assert.deepEqual(model['licenses'], [{ license: { id: 'Apache-2.0' } }]);
        assert.deepEqual(props(model, 'mlsec:oms-root-digest'), [rootDigest]);
        assert.deepEqual(props(model, 'mlsec:format'), ['text', 'safetensors', 'pickle']);
        const files = model['components'] as Json[];
        assert.deepEqual(
          files.map((f) => [f['type'], f['name'], props(f, 'mlsec:format')[0]]),
          [
            // OMS component-wise code-point order: upper case before lower case.
            ['file', 'README.md', 'text'],
            ['file', 'config.json', 'text'],
            ['file', 'model.safetensors', 'safetensors'],
            ['file', 'pytorch_model.bin', 'pickle'],
            ['file', 'tokenizer/vocab.txt', 'text'],
          ],
        );
        const manifest = await buildManifest(m.dir, { mode: 'file' });
        assert.deepEqual(
          files.map((f) => at(f, 'hashes', 0, 'content')),
          manifest.resources.map((r) => r.digest),
        );
        const card = model['modelCard'] as Json;
        assert.deepEqual(card['modelParameters'], {
          task: 'text-classification',
          architectureFamily: 'bert',
          modelArchitecture: 'BertForSequenceClassification',
          datasets: [{ ref: 'mlsec:dataset:stanfordnlp/imdb' }],
        });
        assert.deepEqual(at(card, 'quantitativeAnalysis', 'performanceMetrics'), [
          { type: 'accuracy', value: '0.912', slice: 'IMDB / test' },
          { type: 'f1', value: '0.905', slice: 'IMDB / test' },
        ]);
        assert.deepEqual(props(card, 'mlsec:base-model'), ['google-bert/bert-base-uncased']);
        assert.deepEqual(props(card, 'mlsec:tag'), ['bert', 'sentiment']);
        const [dataset] = (bom as Json)['components'] as Json[];
        assert.equal(dataset?.['type'], 'data');
        assert.deepEqual(dataset?.['data'], [{ type: 'dataset', name: 'stanfordnlp/imdb' }]);
        assert.equal(at(bom, 'metadata', 'tools', 'components', 0, 'version'), '9.9.9');
      } finally {
        m.cleanup();
      }
    });

    it('gives the same bytes twice when serial number and timestamp are fixed', async () => {
      const m = modelFolder(hfFiles());
      try {
        const first = serializeBom((await buildModelBom(m.dir, FIXED)).bom);
        const second = serializeBom((await buildModelBom(m.dir, FIXED)).bom);
        assert.equal(first, second);
        const { toolVersion } = FIXED;
        const random = (await buildModelBom(m.dir, { toolVersion })).bom as Json;
        assert.match(random['serialNumber'] as string, /^urn:uuid:[0-9a-f-]{36}$/);
        assert.notEqual(random['serialNumber'], FIXED.serialNumber);
      } finally {
        m.cleanup();
      }
    });

    it('names a custom licence from license_name and license_link', async () => {
      const m = modelFolder(
        hfFiles(
          'license: other\nlicense_name: tiny-community-licence\nlicense_link: https://example.com/LICENSE\n',
        ),
      );
      try {
        const { bom } = await buildModelBom(m.dir, FIXED);
        await valid(bom);
        assert.deepEqual(at(bom, 'metadata', 'component', 'licenses'), [
          { license: { name: 'tiny-community-licence', url: 'https://example.com/LICENSE' } },
        ]);
      } finally {
        m.cleanup();
      }
    });

    it('keeps a non-SPDX Hub licence id as a named licence, and falls back to config.json', async () => {
      const named = modelFolder(hfFiles('license: llama2\n'));
      const fromConfig = modelFolder({
        'config.json': JSON.stringify({ license: 'MIT' }),
        'w.bin': pickleBytes(),
      });
      try {
        const a = (await buildModelBom(named.dir, FIXED)).bom as Json;
        const b = (await buildModelBom(fromConfig.dir, FIXED)).bom as Json;
        await valid(a);
        await valid(b);
        assert.deepEqual(at(a, 'metadata', 'component', 'licenses'), [
          { license: { name: 'llama2' } },
        ]);
        assert.deepEqual(at(b, 'metadata', 'component', 'licenses'), [{ license: { id: 'MIT' } }]);
        assert.equal(at(b, 'metadata', 'component', 'name'), 'tiny-model');
        assert.equal(at(b, 'metadata', 'component', 'modelCard'), undefined);
      } finally {
        named.cleanup();
        fromConfig.cleanup();
      }
    });
  });

  describe('for a single model file', () => {
    it('hashes the file itself and names it by its file name', async () => {
      const m = modelFolder({ 'model.safetensors': safetensorsBytes() });
      try {
        const path = join(m.dir, 'model.safetensors');
        const { bom, rootDigest } = await buildModelBom(path, FIXED);
        await valid(bom);
        const model = modelOf(bom);
        const manifest = await buildManifest(path, { mode: 'file' });
        assert.equal(model['name'], 'model.safetensors');
        assert.deepEqual(model['hashes'], [
          { alg: 'SHA-256', content: manifest.resources[0]?.digest },
        ]);
        assert.equal(rootDigest, subjectDigest(manifest));
        assert.deepEqual(
          (model['components'] as Json[]).map((f) => f['name']),
          ['model.safetensors'],
        );
      } finally {
        m.cleanup();
      }
    });
  });

  describe('with provenance', () => {
    it('picks up provenance.json, records datasets, source and hyperparameters, unverified', async () => {
      const m = modelFolder(hfFiles());
      try {
        // The provenance file is left out of the model's digest, so the subject can be computed first.
        const root = subjectDigest(await buildManifest(m.dir, { mode: 'file' }));
        writeFileSync(
          join(m.dir, 'provenance.json'),
          JSON.stringify(provenanceStatement(root, 'cd'.repeat(32))),
        );
        const { bom, provenanceFile, rootDigest } = await buildModelBom(m.dir, FIXED);
        await valid(bom);
        assert.equal(rootDigest, root);
        assert.equal(provenanceFile, join(m.dir, 'provenance.json'));
        const model = modelOf(bom);
        assert.deepEqual(props(model, 'mlsec:provenance:verified'), ['false']);
        assert.deepEqual(props(model, 'mlsec:provenance:subject-matches-model'), ['true']);
        assert.deepEqual(props(model, 'mlsec:provenance:subject-mismatch'), []);
        assert.deepEqual(model['externalReferences'], [
          {
            url: 'git+https://github.com/example/tiny-model@0123456789abcdef0123456789abcdef01234567',
            type: 'vcs',
            comment: 'commit 0123456789abcdef0123456789abcdef01234567 (from provenance)',
          },
        ]);
        assert.deepEqual(props(model['modelCard'], 'mlsec:hyperparameter:learning_rate'), [
          '0.0003',
        ]);
        const data = ((bom as Json)['components'] as Json[]).find(
          (c) => c['name'] === 'imdb-train',
        );
        assert.deepEqual(data?.['hashes'], [{ alg: 'SHA-256', content: 'cd'.repeat(32) }]);
        assert.deepEqual(props(data ?? {}, 'mlsec:dataset:file-count'), ['12']);
        const refs = (at(model, 'modelCard', 'modelParameters', 'datasets') as Json[]).map(
          (d) => d['ref'],
        );
        assert.deepEqual(refs, ['mlsec:dataset:stanfordnlp/imdb', 'mlsec:dataset:imdb-train']);
        const formulation = (bom as Json)['formulation'] as Json[];
        assert.deepEqual(props(formulation[0] ?? {}, 'mlsec:build:started-on'), [
          '2025-01-02T03:04:05Z',
        ]);
        assert.ok(!(model['components'] as Json[]).some((f) => f['name'] === 'provenance.json'));
      } finally {
        m.cleanup();
      }
    });

    it('says so when the provenance subject is not this model', async () => {
      const m = modelFolder(hfFiles());
      try {
        const statement = provenanceStatement('ee'.repeat(32), 'cd'.repeat(32));
        const file = join(m.dir, '..', 'run.intoto.json');
        writeFileSync(file, JSON.stringify(provenanceBundle(statement)));
        const { bom, rootDigest } = await buildModelBom(m.dir, { ...FIXED, provenance: file });
        await valid(bom);
        const model = modelOf(bom);
        assert.deepEqual(props(model, 'mlsec:provenance:container'), ['sigstore-bundle']);
        assert.deepEqual(props(model, 'mlsec:provenance:subject-matches-model'), ['false']);
        assert.match(
          props(model, 'mlsec:provenance:subject-mismatch')[0] ?? '',
          new RegExp(rootDigest),
        );
      } finally {
        m.cleanup();
      }
    });

    it('fails with PROVENANCE_STATEMENT_INVALID for a given file that is not provenance', async () => {
      const m = modelFolder(hfFiles());
      try {
        const file = join(m.dir, '..', 'not-provenance.json');
        writeFileSync(file, JSON.stringify({ hello: 'world' }));
        await assert.rejects(buildModelBom(m.dir, { ...FIXED, provenance: file }), {
          code: 'PROVENANCE_STATEMENT_INVALID',
        });
        await assert.rejects(
          buildModelBom(m.dir, { ...FIXED, provenance: join(m.dir, 'missing.json') }),
          {
            code: 'PROVENANCE_STATEMENT_INVALID',
          },
        );
      } finally {
        m.cleanup();
      }
    });

    it('refuses a provenance file over limits.provenanceBytes', async () => {
      const m = modelFolder(hfFiles());
      try {
        const file = join(m.dir, '..', 'run.provenance.json');
        writeFileSync(file, JSON.stringify(provenanceStatement('ee'.repeat(32), 'cd'.repeat(32))));
        const limits = { provenanceBytes: 100 };
        await assert.rejects(buildModelBom(m.dir, { ...FIXED, provenance: file, limits }), {
          code: 'PROVENANCE_STATEMENT_INVALID',
          message: /over 100 bytes/,
        });
      } finally {
        m.cleanup();
      }
    });

    it('only warns about an auto-detected file that is not provenance', async () => {
      const m = modelFolder({ ...hfFiles(), 'x.intoto.json': '{"_type": 1}' });
      try {
        const { bom, issues, provenanceFile } = await buildModelBom(m.dir, FIXED);
        await valid(bom);
        assert.equal(provenanceFile, undefined);
        assert.equal(issues[0]?.code, 'BOM_INPUT_IGNORED');
        assert.match(issues[0]?.message ?? '', /x\.intoto\.json/);
      } finally {
        m.cleanup();
      }
    });
  });

  describe('with hostile model cards', () => {
    it('still writes a valid BOM for a huge front matter, an alias bomb or __proto__ keys', async () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++)
        bomb.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(', ')}]`,
        );
      const cards = [
        `license: mit\ntags:\n${'- t\n'.repeat(100_000)}`,
        `${bomb.join('\n')}\nlicense: mit\ntags: *j\n`,
        `__proto__: {polluted: yes}\nlicense: mit\nmodel_name: ${'n'.repeat(100_000)}\n`,
      ];
      for (const card of cards) {
        const m = modelFolder(hfFiles(card));
        try {
          const { bom, issues } = await buildModelBom(m.dir, FIXED);
          await valid(bom);
          assert.equal(({} as Json)['polluted'], undefined);
          const model = modelOf(bom);
          assert.ok((model['name'] as string).length <= 1024);
          assert.ok(
            issues.length > 0 || (model['name'] as string).endsWith('…'),
            JSON.stringify(issues),
          );
        } finally {
          m.cleanup();
        }
      }
    });
  });
});

/** A fresh, valid BOM to corrupt. */
async function validBom(): Promise<Json> {
  const m = modelFolder({
    'README.md': readme('license: mit\ndatasets: [imdb]\npipeline_tag: fill-mask\n'),
    'w.bin': pickleBytes(),
  });
  try {
    return structuredClone((await buildModelBom(m.dir, { toolVersion: '1.0.0' })).bom);
  } finally {
    m.cleanup();
  }
}

describe('bomProblems, the CycloneDX 1.6 schema check these tests rely on,', () => {
  it('accepts a generated BOM', async () => {
    assert.deepEqual(await bomProblems(await validBom()), []);
  });

  it('rejects a component of an unknown type', async () => {
    const bom = await validBom();
    modelOf(bom)['type'] = 'ml-model';
    assert.match((await bomProblems(bom)).join('\n'), /schema:.*enum/);
  });

  it('rejects a model card field the schema does not define', async () => {
    const bom = await validBom();
    (at(bom, 'metadata', 'component', 'modelCard', 'modelParameters') as Json)['format'] =
      'safetensors';
    assert.match((await bomProblems(bom)).join('\n'), /schema:.*additionalProperties/);
  });

  it('rejects a hash that is not hex and a licence id that is not SPDX', async () => {
    const bad = await validBom();
    (at(bad, 'metadata', 'component', 'components', 0, 'hashes', 0) as Json)['content'] = 'not hex';
    assert.notDeepEqual(await bomProblems(bad), []);
    const licence = await validBom();
    modelOf(licence)['licenses'] = [{ license: { id: 'not-an-spdx-id' } }];
    assert.notDeepEqual(await bomProblems(licence), []);
  });

  it('rejects duplicate bom-refs and dangling dataset references', async () => {
    const bom = await validBom();
    (at(bom, 'components', 0) as Json)['bom-ref'] = 'mlsec:model';
    const problems = await bomProblems(bom);
    assert.ok(problems.includes('duplicate bom-ref mlsec:model'), problems.join('\n'));
    assert.ok(problems.includes('dangling ref mlsec:dataset:imdb'), problems.join('\n'));
  });
});
