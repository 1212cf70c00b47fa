import type { ManifestResource } from './types.ts';
import type { ModelFile } from './walk-model.ts';

/**
 * One unit of hashing: a whole file (files mode) or one shard `[start, end)` of it (shards mode). Plain
 * data, so it can be posted to a worker thread as is.
 */
export interface HashJob {
  /** Position of the resulting resource in the manifest (the reference's order). */
  readonly index: number;
  /** Position of the file in the model listing, for progress. */
  readonly file: number;
  readonly path: string;
  /** Model-relative name, for resources and error messages. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** True in files mode: hash to end of file and check it is exactly `size` bytes. */
  readonly whole: boolean;
  /** The file's size when it was listed; a different size when opened means it is changing. */
  readonly size: number;
  readonly allowSymlinks: boolean;
}

/**
 * Cut the listed files into jobs in manifest order: one per file, or one per `shardSize` bytes with the
 * last shard short and no shard at all for an empty file (notes §1.5).
 */
export function planJobs(
  files: readonly ModelFile[],
  shardSize: number | undefined,
  allowSymlinks: boolean,
): HashJob[] {
  const jobs: HashJob[] = [];
  files.forEach(({ name, path, size }, file) => {
    const base = { file, path, name, size, allowSymlinks };
    if (shardSize === undefined) {
      jobs.push({ ...base, index: jobs.length, start: 0, end: size, whole: true });
      return;
    }
    for (let start = 0; start < size; start += shardSize) {
      const end = Math.min(start + shardSize, size);
      jobs.push({ ...base, index: jobs.length, start, end, whole: false });
    }
  });
  return jobs;
}

/** The manifest resource for a finished job, named and labelled as the reference does. */
export function toResource(
  job: HashJob,
  digest: string,
  shardSize: number | undefined,
): ManifestResource {
  if (shardSize === undefined) return { name: job.name, algorithm: 'sha256', digest };
  return {
    name: `${job.name}:${job.start}:${job.end}`,
    algorithm: `sha256-sharded-${shardSize}`,
    digest,
  };
}
