/**
 * The registry's background jobs (scanning and signature verification of uploads): one JobQueue
 * interface, SqliteJobQueue for the embedded default (the `jobs` table, worked in process) and
 * PgBossJobQueue for PostgreSQL (pg-boss 10 in its own schema, shared by every registry process).
 */
export type {
  JobQueue,
  JobHandler,
  JobRun,
  JobPayload,
  JsonValue,
  EnqueueOptions,
  WorkOptions,
} from './job-queue.ts';
export { MAX_PAYLOAD_BYTES, type JobQueueOptions } from './job-options.ts';
export { retryDelayMs } from './backoff.ts';
export { SqliteJobQueue, SQLITE_POLL_MS } from './sqlite-job-queue.ts';
export {
  PgBossJobQueue,
  PG_BOSS_POLL_MS,
  type PgBossJobQueueOptions,
} from './pg-boss-job-queue.ts';
