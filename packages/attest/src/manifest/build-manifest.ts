import { lstat, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { READ_BUFFER_BYTES } from './hash-file.ts';
import { hashInProcess } from './hash-in-process.ts';
import { planJobs, toResource } from './hash-job.ts';
import { HashPool } from './hash-pool.ts';
import { DEFAULT_SIGNATURE_FILE, GIT_IGNORE_PATHS, normalizeIgnorePaths } from './ignore-paths.ts';
import { ProgressTracker } from './progress.ts';
import type { BuildManifestOptions, Manifest, ManifestSerialization } from './types.ts';
import { walkModel } from './walk-model.ts';
import type { ModelFile } from './walk-model.ts';

const DEFAULT_MAX_FILES = 1_000_000;
const DEFAULT_CONCURRENCY = 4;
/** Below this, starting workers costs more than it saves (a worker starts in tens of milliseconds). */
const DEFAULT_PARALLEL_MIN_BYTES = 64 << 20;

/**
 * Hash a model file or folder exactly as OpenSSF `model_signing` v1.x does, so the resources and the
 * subject digest are byte-identical to the reference's (notes §1.4, §1.5). Files and shards are hashed
 * in parallel on a pool of worker threads (in-process for small models), each streaming through one
 * fixed buffer, so memory stays bounded whatever the model's size.
 *
 * @example
 * const manifest = await buildManifest('./my-model', { mode: 'file' });
 * const root = subjectDigest(manifest); // hex, the in-toto subject's sha256
 */
export async function buildManifest(
  root: string,
  options: BuildManifestOptions,
): Promise<Manifest> {
  const shardSize = options.mode === 'file' ? undefined : options.mode.shardSize;
  if (shardSize !== undefined && !(Number.isSafeInteger(shardSize) && shardSize > 0)) {
    throw new MlsecError('ATTEST_BAD_OPTIONS', 'shardSize must be a positive integer');
  }
  const maxFiles = positiveInt(options.maxFiles ?? DEFAULT_MAX_FILES, 'maxFiles');
  const concurrency = positiveInt(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const bufferBytes = positiveInt(options.readBufferBytes ?? READ_BUFFER_BYTES, 'readBufferBytes');
  const workers = count(options.workers ?? availableParallelism(), 'workers');
  const parallelMinBytes = count(
    options.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES,
    'parallelMinBytes',
  );
  const allowSymlinks = options.allowSymlinks ?? false;
  const modelPath = resolve(root);

  const ignorePaths = normalizeIgnorePaths(modelPath, [
    ...((options.ignoreGitPaths ?? true) ? GIT_IGNORE_PATHS : []),
    ...(options.signatureFile === false ? [] : [options.signatureFile ?? DEFAULT_SIGNATURE_FILE]),
    ...(options.ignore ?? []),
  ]);
  const serialization: ManifestSerialization =
    shardSize === undefined
      ? { method: 'files', hashType: 'sha256', allowSymlinks, ignorePaths }
      : { method: 'shards', hashType: 'sha256', shardSize, allowSymlinks, ignorePaths };

  const top = await statModelRoot(modelPath, root, allowSymlinks);
  // A single-file model is one resource named "." (notes §1.4); ignore paths cannot apply to it.
  const files: ModelFile[] = top.isFile()
    ? [{ name: '.', path: modelPath, size: top.size }]
    : await walkModel(modelPath, { ignored: new Set(ignorePaths), allowSymlinks, maxFiles });

  if (shardSize !== undefined) {
    // A tiny shard size (say, 1 byte from a signed statement) would plan one job per byte: bound it.
    const shards = files.reduce((n, f) => n + Math.ceil(f.size / shardSize), 0);
    if (shards > maxFiles) {
      throw new MlsecError(
        'ATTEST_TOO_MANY_FILES',
        `${shardSize}-byte shards would cut the model into ${shards} resources, over the limit of ${maxFiles}`,
      );
    }
  }
  const jobs = planJobs(files, shardSize, allowSymlinks);
  const progress = new ProgressTracker(
    files.map((f) => f.size),
    jobs,
    options.onProgress,
  );
  progress.start();
  const digests = await hashJobs();
  async function hashJobs(): Promise<string[]> {
    if (options.pool !== undefined) return options.pool.run(jobs, progress);
    if (workers <= 1 || jobs.length <= 1 || progress.totalBytes < parallelMinBytes) {
      return hashInProcess(jobs, concurrency, bufferBytes, progress);
    }
    const pool = new HashPool({
      workers: Math.min(workers, jobs.length),
      readBufferBytes: bufferBytes,
    });
    try {
      return await pool.run(jobs, progress);
    } finally {
      await pool.close(); // also after an error: no worker outlives the call
    }
  }
  const resources = jobs.map((job) => toResource(job, digests[job.index] ?? '', shardSize));
  return { modelName: basename(modelPath), resources, serialization };
}

async function statModelRoot(
  modelPath: string,
  given: string,
  allowSymlinks: boolean,
): Promise<Stats> {
  let st: Stats;
  try {
    st = await lstat(modelPath);
    if (st.isSymbolicLink()) {
      if (!allowSymlinks) {
        throw new MlsecError(
          'ATTEST_SYMLINK_REFUSED',
          `model path is a symlink: ${snippet(given)}`,
        );
      }
      st = await stat(modelPath);
    }
  } catch (cause) {
    if (cause instanceof MlsecError) throw cause;
    throw new MlsecError('ATTEST_MODEL_NOT_FOUND', `cannot read model ${snippet(given)}`, {
      cause,
    });
  }
  if (!st.isFile() && !st.isDirectory()) {
    throw new MlsecError(
      'ATTEST_UNSUPPORTED_FILE',
      `model is not a file or folder: ${snippet(given)}`,
    );
  }
  return st;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MlsecError('ATTEST_BAD_OPTIONS', `${what} must be a positive integer`);
  }
  return value;
}

function count(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MlsecError('ATTEST_BAD_OPTIONS', `${what} must be a whole number`);
  }
  return value;
}
