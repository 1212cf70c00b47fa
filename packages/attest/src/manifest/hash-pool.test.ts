import assert from 'node:assert/strict';
import { rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { buildManifest } from './build-manifest.ts';
import { planJobs } from './hash-job.ts';
import { HashPool, liveHashWorkers } from './hash-pool.ts';
import { ProgressTracker } from './progress.ts';
import { subjectDigest } from './subject-digest.ts';
import { writeGeneratedModel } from './testing/generated-model.ts';
import type { GeneratedModel } from './testing/generated-model.ts';
import { scratch } from './testing/reference-models.ts';
import type { BuildManifestOptions, ManifestProgress } from './types.ts';

const OWN_POOL = { workers: 2, parallelMinBytes: 0 } as const;
const SHARDS = { shardSize: 1_000_003 } as const; // divides none of the file sizes

describe('buildManifest on a worker pool', () => {
  let base = '';
  let model = '';
  let generated: GeneratedModel = { files: [] };
  let cleanup = async (): Promise<void> => {};
  let pool: HashPool | undefined;
  before(async () => {
    ({ dir: base, cleanup } = await scratch());
    model = join(base, 'model');
    generated = await writeGeneratedModel(model);
    pool = new HashPool({ workers: 2, readBufferBytes: 256 << 10 });
  });
  after(async () => {
    await pool?.close();
    await cleanup();
  });

  for (const mode of ['file', SHARDS] as const) {
    describe(`in mode ${JSON.stringify(mode)}`, () => {
      it('gives the same manifest as hashing in-process, and reports progress up to the totals', async () => {
        const seen: ManifestProgress[] = [];
        const options: BuildManifestOptions = { mode, readBufferBytes: 256 << 10 };
        const [inProcess, parallel] = await Promise.all([
          buildManifest(model, { ...options, workers: 0 }),
          buildManifest(model, {
            ...options,
            ...(pool && { pool }),
            onProgress: (p) => seen.push(p),
          }),
        ]);
        assert.deepEqual(parallel, inProcess);
        assert.equal(subjectDigest(parallel), subjectDigest(inProcess));
        const bytesTotal = generated.files.reduce((sum, f) => sum + f.size, 0);
        const filesTotal = generated.files.length;
        assert.deepEqual(seen.at(-1), {
          filesDone: filesTotal,
          filesTotal,
          bytesDone: bytesTotal,
          bytesTotal,
        });
        assert.deepEqual(seen[0], {
          filesDone: mode === 'file' ? 0 : 1,
          filesTotal,
          bytesDone: 0,
          bytesTotal,
        });
        for (let i = 1; i < seen.length; i++) {
          assert.ok(
            (seen[i]?.bytesDone ?? 0) >= (seen[i - 1]?.bytesDone ?? 0),
            'bytesDone never goes back',
          );
        }
      });
    });
  }

  describe('when a file disappears after the model was listed', () => {
    it('fails with ATTEST_READ_FAILED naming the file and leaves no worker running', async () => {
      const victim = 'tokenizer/part-3/piece-80.json';
      const live = liveHashWorkers();
      await assert.rejects(
        buildManifest(model, {
          mode: 'file',
          ...OWN_POOL,
          onProgress: (p) => {
            if (p.bytesDone === 0) rmSync(join(model, victim), { force: true });
          },
        }),
        (error) =>
          isMlsecError(error) &&
          error.code === 'ATTEST_READ_FAILED' &&
          error.message === `cannot open ${victim}`,
      );
      assert.equal(liveHashWorkers(), live);
    });
  });

  describe('when a file is cut short after the model was listed', () => {
    it('fails with ATTEST_READ_FAILED saying the file changed size, and a shared pool stays usable', async () => {
      const victim = 'deep/a/b/c/d/weights.bin';
      await assert.rejects(
        buildManifest(model, {
          mode: SHARDS,
          ...(pool && { pool }),
          onProgress: (p) => {
            if (p.bytesDone === 0) truncateSync(join(model, victim), 1000);
          },
        }),
        (error) =>
          isMlsecError(error) &&
          error.code === 'ATTEST_READ_FAILED' &&
          error.message === `file changed size while hashing: ${victim}`,
      );
      const again = await buildManifest(model, { mode: SHARDS, ...(pool && { pool }) });
      assert.ok(again.resources.some((r) => r.name === `${victim}:0:1000`));
    });
  });

  describe('when a worker dies', () => {
    it('fails with ATTEST_WORKER_FAILED naming a file it was hashing, and stops the pool', async () => {
      const live = liveHashWorkers();
      const files = [
        { name: 'a.bin', path: join(base, 'none-a'), size: 10 },
        { name: 'b.bin', path: join(base, 'none-b'), size: 20 },
      ];
      const jobs = planJobs(files, undefined, false);
      const progress = new ProgressTracker([10, 20], jobs, undefined);
      // Plain JavaScript in a data: URL starts in milliseconds (a .ts worker must bootstrap tsx first).
      const dying = new URL(
        `data:text/javascript,${encodeURIComponent(
          "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(7));",
        )}`,
      );
      const dyingPool = new HashPool({ workers: 2 }, dying);
      await assert.rejects(
        dyingPool.run(jobs, progress),
        (error) =>
          isMlsecError(error) &&
          error.code === 'ATTEST_WORKER_FAILED' &&
          /exited with code 7 while hashing [ab]\.bin$/.test(error.message),
      );
      await dyingPool.close();
      assert.equal(liveHashWorkers(), live);
      await assert.rejects(dyingPool.run(jobs, progress), { code: 'ATTEST_WORKER_FAILED' });
    });
  });

  describe('when its pool is closed', () => {
    it('stops every worker thread', async () => {
      const live = liveHashWorkers();
      await pool?.close();
      assert.equal(liveHashWorkers(), live - 2);
    });
  });
});
