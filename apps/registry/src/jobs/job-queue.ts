import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../db/schema.ts';

/** A JSON value as stored in a job payload. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a job carries: one JSON object (e.g. `{ versionId: 12 }`), small (see MAX_PAYLOAD_BYTES). */
export type JobPayload = { readonly [key: string]: JsonValue };

/** One attempt of one job, as its handler sees it. */
export interface JobRun {
  /** The queue's id of the job (a decimal row id on SQLite, a UUID in pg-boss). */
  readonly id: string;
  readonly kind: string;
  readonly payload: JobPayload;
  /** 1 for the first attempt, 2 for the first retry, … up to maxAttempts. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /**
   * Aborted when the attempt's lease runs out (its result no longer counts and another worker may
   * take the job). Handlers doing long work should pass it on and stop when it fires.
   */
  readonly signal: AbortSignal;
}

/**
 * Does the work of one job attempt. Resolve when done; throw (or reject) to fail the attempt, which
 * is retried with backoff until maxAttempts, then the job is marked failed. Delivery is at least
 * once (a worker can die after the work and before the job is marked done), so handlers must be
 * idempotent.
 */
export type JobHandler = (run: JobRun) => Promise<void>;

/** Options for JobQueue.enqueue. */
export interface EnqueueOptions {
  /**
   * The caller's open write transaction: the job is inserted in it, so it exists if and only if the
   * transaction (e.g. the one that inserted the version row) commits.
   */
  readonly trx?: Kysely<RegistrySchema>;
}

/** Options for JobQueue.work. */
export interface WorkOptions {
  /** How many jobs of this kind this queue runs at once (default 1). */
  readonly concurrency?: number;
}

/**
 * The registry's background jobs (scanning and signature verification of uploads): enqueue inside
 * the transaction that creates the work, run handlers with bounded concurrency, retry with backoff,
 * re-run a job whose worker died once its lease expires, and stop gracefully.
 * Implementations: SqliteJobQueue (embedded default, in process) and PgBossJobQueue (PostgreSQL,
 * shared by every registry process on every machine).
 */
export interface JobQueue {
  /** Queue a job of a declared `kind`; resolves with its id. */
  enqueue(kind: string, payload: JobPayload, options?: EnqueueOptions): Promise<string>;
  /** Start running jobs of `kind` with `handler` (one handler per kind per queue). */
  work(kind: string, handler: JobHandler, options?: WorkOptions): Promise<void>;
  /** Stop claiming jobs and wait until every running handler has settled. Safe to call twice. */
  stop(): Promise<void>;
}
