import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildManifest } from '../manifest/index.ts';
import type { BuildManifestOptions } from '../manifest/index.ts';
import {
  buildReferenceModel,
  REFERENCE_MODELS,
  scratch,
} from '../manifest/testing/reference-models.ts';
import type { ReferenceModel } from '../manifest/testing/reference-models.ts';
import { parseModelStatement } from './statement.ts';
import { writeModelStatement } from './write-statement.ts';

const PAYLOADS = join(
  import.meta.dirname,
  '..',
  '..',
  'testdata',
  'model-signing',
  'tests',
  '_signing',
  'testdata',
  'signing',
  'TestPayload',
);
const MODES = [
  { suffix: '', mode: 'file' },
  { suffix: '_shard', mode: { shardSize: 1_000_000_000 } },
  { suffix: '_small_shards', mode: { shardSize: 8 } },
] as const satisfies readonly { suffix: string; mode: BuildManifestOptions['mode'] }[];

describe('writeModelStatement', () => {
  let base = '';
  let cleanup = async (): Promise<void> => {};
  const paths = new Map<ReferenceModel, string>();
  before(async () => {
    ({ dir: base, cleanup } = await scratch());
    for (const m of REFERENCE_MODELS) paths.set(m, await buildReferenceModel(base, m));
  });
  after(() => cleanup());

  for (const model of REFERENCE_MODELS) {
    for (const { suffix, mode } of MODES) {
      it(`reproduces the golden payload ${model}${suffix} byte for byte`, async () => {
        const golden = await readFile(join(PAYLOADS, `${model}${suffix}`), 'utf8');
        // The reference's test models are hashed with symlinks allowed and no ignore paths.
        const manifest = await buildManifest(paths.get(model) ?? '', {
          mode,
          allowSymlinks: true,
          ignoreGitPaths: false,
          signatureFile: false,
        });
        // The subject name is the reference fixture's directory name, not ours.
        const subjectName = (JSON.parse(golden) as { subject: { name: string }[] }).subject[0]
          ?.name;
        const bytes = writeModelStatement(
          manifest,
          subjectName === undefined ? {} : { subjectName },
        );
        // The golden files end with a newline that MessageToJson does not write (nor do signed payloads).
        assert.equal(`${new TextDecoder().decode(bytes)}\n`, golden);
      });
    }
  }

  it('writes non-empty ignore paths last in the serialization, and reads back', () => {
    const bytes = writeModelStatement({
      modelName: 'm',
      resources: [{ name: 'a', algorithm: 'sha256', digest: 'ab'.repeat(32) }],
      serialization: {
        method: 'files',
        hashType: 'sha256',
        allowSymlinks: false,
        ignorePaths: ['.git', 'model.sig'],
      },
    });
    const text = new TextDecoder().decode(bytes);
    assert.match(
      text,
      /"allow_symlinks": false,\n {6}"ignore_paths": \[\n {8}"\.git",\n {8}"model\.sig"\n {6}\]/,
    );
    const parsed = parseModelStatement(bytes, 1 << 20);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.subjectName, 'm');
    assert.deepEqual(parsed.value.serialization?.['ignore_paths'], ['.git', 'model.sig']);
  });
});
