import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildManifest } from './build-manifest.ts';

describe('buildManifest limits', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-manifest-limits-'));
    await writeFile(join(dir, 'weights.bin'), Buffer.alloc(100, 1));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses a shard size that would cut the model into more resources than maxFiles', async () => {
    await assert.rejects(
      buildManifest(dir, { mode: { shardSize: 1 }, maxFiles: 50, workers: 0 }),
      (e: Error & { code?: string }) =>
        e.code === 'ATTEST_TOO_MANY_FILES' &&
        /into 100 resources, over the limit of 50/.test(e.message),
    );
  });

  it('accepts the same shard size when the shards fit the limit', async () => {
    const manifest = await buildManifest(dir, {
      mode: { shardSize: 1 },
      maxFiles: 100,
      workers: 0,
    });
    assert.equal(manifest.resources.length, 100);
    assert.equal(manifest.resources[99]?.name, 'weights.bin:99:100');
  });
});
