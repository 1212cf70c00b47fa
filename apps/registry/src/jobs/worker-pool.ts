import { MlsecError } from '@mlsec/core';
import type { JobHandler, JobPayload, WorkOptions } from './job-queue.ts';
import { checkConcurrency, checkDeclaredKind, failureMessage } from './job-options.ts';
import type { ResolvedJobOptions } from './job-options.ts';

/** A job attempt a backend handed to this worker, under a lease. */
export interface ClaimedJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: JobPayload;
  readonly attempt: number;
  /** Backend-specific proof of the lease (SQLite: the locked_by value). */
  readonly token: string;
}

/** What a queue engine provides to the worker pool. */
export interface JobBackend {
  /** Take the next due job of `kind` under a lease of `leaseMs`, or undefined when none is due. */
  claim(kind: string, leaseMs: number): Promise<ClaimedJob | undefined>;
  /** Mark the attempt done (ignored when the lease was lost). */
  complete(job: ClaimedJob): Promise<void>;
  /** Mark the attempt failed: retried with backoff while attempts remain, else failed for good. */
  fail(job: ClaimedJob, message: string): Promise<void>;
  /**
   * The attempt's local lease ran out (the handler may still be running): record it as a failed
   * attempt if the backend can do so safely, or leave it to the database's own lease expiry.
   */
  expire(job: ClaimedJob, message: string): Promise<void>;
}

/** Settings of one WorkerPool. */
export interface WorkerPoolOptions {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Runs jobs of one kind: one dispatcher claims due jobs while fewer than `concurrency` run, then
 * sleeps for the polling interval or until wake() (an enqueue, a finished job, stop). Each attempt
 * runs under a lease timed from before its claim, so the local deadline never falls after the one
 * the database holds: at the deadline the handler's signal is aborted and the attempt reported
 * failed, and its later result is ignored. Nothing a handler does (throw, reject, throw a
 * non-Error) escapes: it becomes a failed attempt.
 */
export class WorkerPool {
  readonly #kind: string;
  readonly #handler: JobHandler;
  readonly #backend: JobBackend;
  readonly #options: WorkerPoolOptions;
  readonly #running = new Set<Promise<void>>();
  #stopping = false;
  #wakeUp: (() => void) | undefined;
  #woken = false;
  #loop: Promise<void> | undefined;

  constructor(kind: string, handler: JobHandler, backend: JobBackend, options: WorkerPoolOptions) {
    this.#kind = kind;
    this.#handler = handler;
    this.#backend = backend;
    this.#options = options;
  }

  /** Start the dispatcher. */
  start(): void {
    this.#loop ??= this.#dispatch();
  }

  /** Look for due jobs now instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Stop claiming and resolve once the dispatcher and every running attempt have settled. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #dispatch(): Promise<void> {
    while (!this.#stopping) {
      this.#woken = false;
      while (!this.#stopping && this.#running.size < this.#options.concurrency) {
        const claimedAt = performance.now();
        let job: ClaimedJob | undefined;
        try {
          job = await this.#backend.claim(this.#kind, this.#options.leaseMs);
        } catch (error) {
          this.#options.onError(error);
          break;
        }
        if (job === undefined) break;
        const run = this.#run(job, claimedAt + this.#options.leaseMs);
        this.#running.add(run);
        void run.finally(() => {
          this.#running.delete(run);
          this.wake();
        });
      }
      if (!this.#stopping && !this.#woken) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#options.pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = () => {
        this.#wakeUp = undefined;
        done();
      };
    });
  }

  async #run(job: ClaimedJob, deadline: number): Promise<void> {
    const controller = new AbortController();
    let expired = false;
    const lease = setTimeout(
      () => {
        expired = true;
        const reason = new MlsecError(
          'REGISTRY_JOB_LEASE_EXPIRED',
          `job ${job.id} (${job.kind}) attempt ${job.attempt} ran past its lease of ${this.#options.leaseMs} ms`,
        );
        controller.abort(reason);
        this.#backend.expire(job, failureMessage(reason)).catch(this.#options.onError);
      },
      Math.max(0, deadline - performance.now()),
    );
    let failure: { error: unknown } | undefined;
    try {
      await Promise.resolve().then(() =>
        this.#handler({
          id: job.id,
          kind: job.kind,
          payload: job.payload,
          attempt: job.attempt,
          maxAttempts: this.#options.maxAttempts,
          signal: controller.signal,
        }),
      );
    } catch (error) {
      failure = { error };
    } finally {
      clearTimeout(lease);
    }
    if (expired) return;
    try {
      if (failure === undefined) await this.#backend.complete(job);
      else await this.#backend.fail(job, failureMessage(failure.error));
    } catch (error) {
      this.#options.onError(error);
    }
  }
}

/**
 * Start the worker pool of `kind` for a queue (the body of both queues' `work()`): the kind must be
 * declared and not already worked, the concurrency valid; the pool is registered in `pools` and started.
 */
export function startPool(
  pools: Map<string, WorkerPool>,
  options: ResolvedJobOptions,
  kind: string,
  handler: JobHandler,
  backend: JobBackend,
  work: WorkOptions,
): void {
  checkDeclaredKind(options.kinds, kind);
  if (pools.has(kind)) {
    throw new MlsecError('REGISTRY_JOB_INVALID', `job kind "${kind}" already has a worker`);
  }
  const pool = new WorkerPool(kind, handler, backend, {
    concurrency: checkConcurrency(work.concurrency ?? 1),
    pollIntervalMs: options.pollIntervalMs,
    leaseMs: options.leaseSeconds * 1000,
    maxAttempts: options.maxAttempts,
    onError: options.onError,
  });
  pools.set(kind, pool);
  pool.start();
}
