import type { HashJob } from './hash-job.ts';

/** Messages between the hash pool and its worker threads (structured-clone plain data). */

/** `workerData` of a hashing worker. */
export interface HashWorkerInit {
  /** Size of the worker's one reused read buffer. */
  readonly bufferBytes: number;
}

/** A job sent to a worker; `run` tells apart the buildManifest calls sharing a pool. */
export interface HashWorkerJob {
  readonly run: number;
  readonly job: HashJob;
}

/** A worker's reply about the job at manifest position `index` of call `run`. */
export type HashWorkerReply = { readonly run: number; readonly index: number } & (
  | { readonly kind: 'bytes'; readonly bytes: number }
  | { readonly kind: 'done'; readonly digest: string; readonly bytes: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
);
