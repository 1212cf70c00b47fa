import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ERROR_CODES, MlsecError, snippet, startWorker } from '@mlsec/core';
import type { ErrorCode } from '@mlsec/core';
import { READ_BUFFER_BYTES } from './hash-file.ts';
import type { HashJob } from './hash-job.ts';
import type { HashWorkerInit, HashWorkerJob, HashWorkerReply } from './hash-protocol.ts';
import type { ProgressTracker } from './progress.ts';

/** The worker entry beside this module: .ts when running from source, .js when built. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './hash-worker.ts' : './hash-worker.js',
  import.meta.url,
);

/**
 * A worker is sent more jobs while it holds fewer than this many bytes of queued work (and fewer than
 * {@link MAX_QUEUED_JOBS} jobs): small files queue up so the worker never waits for a message, while a
 * large file or shard waits in the shared queue for whichever worker frees up first.
 */
const QUEUED_BYTES = 16 << 20;
const MAX_QUEUED_JOBS = 8;

let live = 0;

/** Hashing workers started and not yet exited (for tests: none may outlive their pool). */
export function liveHashWorkers(): number {
  return live;
}

/** Options for {@link HashPool}. */
export interface HashPoolOptions {
  /** Worker threads (default `os.availableParallelism()`). */
  readonly workers?: number;
  /** Size of each worker's one reused read buffer (default 512 KiB). */
  readonly readBufferBytes?: number;
}

interface Run {
  readonly id: number;
  readonly digests: string[];
  readonly progress: ProgressTracker;
  left: number;
  settled: boolean;
  readonly resolve: (digests: string[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  readonly worker: Worker;
  readonly pending: Map<string, { run: Run; job: HashJob }>;
  queuedBytes: number;
}

const key = (run: number, index: number): string => `${run}:${index}`;
const bytesOf = (job: HashJob): number => job.end - job.start;

/**
 * Worker threads that hash files and shards for {@link buildManifest}. buildManifest starts one per call
 * unless given one; keep a pool when hashing many models, to pay the workers' start-up once, and
 * `close()` it when done. A worker that dies fails every running call and closes the pool.
 *
 * @example
 * const pool = new HashPool();
 * try { for (const dir of dirs) await buildManifest(dir, { mode: 'file', pool }); }
 * finally { await pool.close(); }
 */
export class HashPool {
  private readonly lanes: Lane[] = [];
  private readonly queue: { run: Run; job: HashJob }[] = [];
  private readonly runs = new Set<Run>();
  private nextRun = 0;
  private broken: MlsecError | undefined;
  private closing: Promise<void> | undefined;

  /** `workerUrl` is for tests only. */
  constructor(options: HashPoolOptions = {}, workerUrl: URL = WORKER_URL) {
    const count = options.workers ?? availableParallelism();
    const bufferBytes = options.readBufferBytes ?? READ_BUFFER_BYTES;
    for (const [what, n] of [
      ['workers', count],
      ['readBufferBytes', bufferBytes],
    ] as const) {
      if (!Number.isSafeInteger(n) || n <= 0) {
        throw new MlsecError('ATTEST_BAD_OPTIONS', `${what} must be a positive integer`);
      }
    }
    const init: HashWorkerInit = { bufferBytes };
    for (let i = 0; i < count; i++) {
      const lane: Lane = {
        worker: startWorker(workerUrl, { workerData: init }),
        pending: new Map(),
        queuedBytes: 0,
      };
      live++;
      lane.worker.on('message', (reply: HashWorkerReply) => this.onReply(lane, reply));
      lane.worker.on('error', (error) => this.onDeath(lane, `failed (${snippet(error.message)})`));
      lane.worker.on('exit', (code) => {
        live--;
        this.onDeath(lane, `exited with code ${code}`);
      });
      this.lanes.push(lane);
    }
    this.updateRefs();
  }

  /** Number of worker threads. */
  get size(): number {
    return this.lanes.length;
  }

  /**
   * Hash `jobs`, largest first so one big file does not finish last; the digests come back indexed by
   * manifest position whatever the completion order. A read error rejects with the worker's MlsecError.
   */
  run(jobs: readonly HashJob[], progress: ProgressTracker): Promise<string[]> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.closing !== undefined) {
      return Promise.reject(new MlsecError('ATTEST_BAD_OPTIONS', 'the hash pool is closed'));
    }
    return new Promise<string[]>((resolve, reject) => {
      const run: Run = {
        id: this.nextRun++,
        digests: new Array<string>(jobs.length),
        progress,
        left: jobs.length,
        settled: false,
        resolve,
        reject,
      };
      if (jobs.length === 0) return resolve(run.digests);
      this.runs.add(run);
      const sorted = [...jobs].sort((a, b) => bytesOf(b) - bytesOf(a));
      this.queue.push(...sorted.map((job) => ({ run, job })));
      this.updateRefs();
      for (const lane of this.lanes) this.feed(lane);
    });
  }

  /** Stop every worker; waits until they have exited. Calls still running are rejected. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = Promise.all(this.lanes.map((lane) => lane.worker.terminate())).then(() => {});
      this.updateRefs();
      this.failAll(new MlsecError('ATTEST_BAD_OPTIONS', 'the hash pool was closed while hashing'));
    }
    return this.closing;
  }

  /**
   * An idle pool must not keep the process alive, but a running call must, and so must closing (the
   * process waits for the workers to exit).
   */
  private updateRefs(): void {
    const hold = this.runs.size > 0 || this.closing !== undefined;
    for (const lane of this.lanes) {
      if (hold) lane.worker.ref();
      else lane.worker.unref();
    }
  }

  private feed(lane: Lane): void {
    while (lane.pending.size === 0 || lane.queuedBytes < QUEUED_BYTES) {
      if (lane.pending.size >= MAX_QUEUED_JOBS) return;
      const next = this.queue.shift();
      if (next === undefined) return;
      lane.pending.set(key(next.run.id, next.job.index), next);
      lane.queuedBytes += bytesOf(next.job);
      lane.worker.postMessage({ run: next.run.id, job: next.job } satisfies HashWorkerJob);
    }
  }

  private onReply(lane: Lane, reply: HashWorkerReply): void {
    const k = key(reply.run, reply.index);
    const entry = lane.pending.get(k);
    if (entry === undefined) return;
    const { run, job } = entry;
    if (reply.kind !== 'bytes') {
      lane.pending.delete(k);
      lane.queuedBytes -= bytesOf(job);
    }
    try {
      if (run.settled) return;
      if (reply.kind === 'bytes') return run.progress.bytes(reply.bytes);
      if (reply.kind === 'error')
        return this.fail(run, new MlsecError(known(reply.code), reply.message));
      run.digests[job.index] = reply.digest;
      run.progress.jobDone(job, reply.bytes);
      if (--run.left === 0) this.settle(run, () => run.resolve(run.digests));
    } catch (error) {
      this.fail(run, error); // thrown by the caller's onProgress
    } finally {
      if (reply.kind !== 'bytes') this.feed(lane);
      this.updateRefs();
    }
  }

  private onDeath(lane: Lane, why: string): void {
    if (this.closing !== undefined) return;
    const job = lane.pending.values().next().value?.job;
    const during = job === undefined ? '' : ` while hashing ${snippet(job.name)}`;
    this.broken = new MlsecError('ATTEST_WORKER_FAILED', `hashing worker ${why}${during}`);
    this.failAll(this.broken);
    void this.close();
  }

  private fail(run: Run, error: unknown): void {
    this.settle(run, () => run.reject(error));
    // Drop the failed call's queued jobs; those already sent to a worker finish and are ignored.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]?.run === run) this.queue.splice(i, 1);
    }
  }

  private failAll(error: unknown): void {
    for (const run of [...this.runs]) this.fail(run, error);
  }

  private settle(run: Run, how: () => void): void {
    if (run.settled) return;
    run.settled = true;
    this.runs.delete(run);
    how();
  }
}

function known(code: string): ErrorCode {
  return Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : 'ATTEST_WORKER_FAILED';
}
