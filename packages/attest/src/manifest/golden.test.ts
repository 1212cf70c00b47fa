import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildManifest } from './build-manifest.ts';
import { HashPool } from './hash-pool.ts';
import { subjectDigest, toGoldenText } from './subject-digest.ts';
import { buildReferenceModel, REFERENCE_MODELS, scratch } from './testing/reference-models.ts';
import type { ReferenceModel } from './testing/reference-models.ts';
import type { BuildManifestOptions } from './types.ts';

const TESTDATA = join(import.meta.dirname, '..', '..', 'testdata', 'model-signing', 'tests');
const SERIALIZATION = join(TESTDATA, '_serialization', 'testdata');
const PAYLOADS = join(TESTDATA, '_signing', 'testdata', 'signing', 'TestPayload');

// The reference's test models are built with allow_symlinks=True (see the goldens' serialization).
const MODES = [
  { suffix: '', dir: 'file', mode: 'file' },
  { suffix: '_shard', dir: 'file_shard', mode: { shardSize: 1_000_000_000 } },
  { suffix: '_small_shards', dir: 'file_shard', mode: { shardSize: 8 } },
] as const satisfies readonly { suffix: string; dir: string; mode: BuildManifestOptions['mode'] }[];

interface Payload {
  subject: { digest: { sha256: string } }[];
  predicate: { resources: { name: string; algorithm: string; digest: string }[] };
}

describe('buildManifest', () => {
  let base = '';
  let cleanup = async (): Promise<void> => {};
  const paths = new Map<ReferenceModel, string>();
  // One pool for every case: a worker started from source must first load tsx, which takes a while.
  let pool: HashPool | undefined;
  before(async () => {
    ({ dir: base, cleanup } = await scratch());
    for (const m of REFERENCE_MODELS) paths.set(m, await buildReferenceModel(base, m));
    pool = new HashPool({ workers: 2 });
  });
  after(async () => {
    await pool?.close();
    await cleanup();
  });

  for (const model of REFERENCE_MODELS) {
    for (const { suffix, dir, mode } of MODES) {
      describe(`when hashing the reference's ${model} in mode ${JSON.stringify(mode)}`, () => {
        const build = () => buildManifest(paths.get(model) ?? '', { mode, allowSymlinks: true });

        it('reproduces the golden name:digest manifest byte for byte', async () => {
          // The serializer goldens name the 1e9-byte shard case without a suffix.
          const name = suffix === '_shard' ? model : `${model}${suffix}`;
          const golden = await readFile(join(SERIALIZATION, dir, 'TestSerializer', name), 'utf8');
          assert.equal(toGoldenText(await build()), golden);
        });

        it('reproduces the golden manifest when hashed on a worker pool', async () => {
          const name = suffix === '_shard' ? model : `${model}${suffix}`;
          const golden = await readFile(join(SERIALIZATION, dir, 'TestSerializer', name), 'utf8');
          const manifest = await buildManifest(paths.get(model) ?? '', {
            mode,
            allowSymlinks: true,
            ...(pool && { pool }),
          });
          assert.equal(toGoldenText(manifest), golden);
        });

        it('reproduces the golden payload resources, in order, and its subject digest', async () => {
          const payload = JSON.parse(
            await readFile(join(PAYLOADS, `${model}${suffix}`), 'utf8'),
          ) as Payload;
          const manifest = await build();
          // Key order inside each JSON resource is arbitrary (protobuf Struct); compare field values.
          assert.deepEqual(
            manifest.resources.map((r) => ({
              name: r.name,
              algorithm: r.algorithm,
              digest: r.digest,
            })),
            payload.predicate.resources.map((r) => ({
              name: r.name,
              algorithm: r.algorithm,
              digest: r.digest,
            })),
          );
          assert.equal(subjectDigest(manifest), payload.subject[0]?.digest.sha256);
        });
      });
    }
  }
});
