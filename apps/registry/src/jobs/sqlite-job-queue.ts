import { randomUUID } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { RegistrySchema } from '../db/schema.ts';
import type { EnqueueOptions, JobHandler, JobPayload, JobQueue, WorkOptions } from './job-queue.ts';
import {
  checkDeclaredKind,
  resolveJobOptions,
  serialisePayload,
  type JobQueueOptions,
  type ResolvedJobOptions,
} from './job-options.ts';
import { retryDelayMs } from './backoff.ts';
import { startPool, type ClaimedJob, type JobBackend, type WorkerPool } from './worker-pool.ts';

/** Default polling interval of the SQLite queue (it is also woken by every local enqueue). */
export const SQLITE_POLL_MS = 500;

/** Expired leases settled per claim, so one claim stays short. */
const SWEEP_BATCH = 100;

/**
 * The embedded default's job queue: rows of the registry's `jobs` table, worked in this process.
 *
 * - enqueue inserts the row with the caller's transaction when given one, so on SQLite the job and
 *   the version row it is about commit together or not at all.
 * - Every state change is one conditional UPDATE (no transaction held across awaits): a claim moves
 *   the oldest due `queued` row to `running` with `attempts + 1`, a fresh lease token in
 *   `locked_by` and `locked_until = now + lease`; done/failed/retry are written only while the row
 *   still carries that token, so a worker whose lease was taken over cannot overwrite the new run.
 * - Before claiming, `running` rows whose `locked_until` has passed (their worker died or hung) are
 *   put back to `queued` with backoff, or `failed` when their attempts are used up.
 * - Several processes (or queues) over one database file share the jobs: SQLite runs one write at a
 *   time, so two claims never take the same row.
 * Times are the ISO-8601 UTC strings of this machine's clock (every SQLite worker shares it).
 */
export class SqliteJobQueue implements JobQueue {
  readonly #db: Kysely<RegistrySchema>;
  readonly #options: ResolvedJobOptions;
  readonly #workerId = randomUUID();
  readonly #pools = new Map<string, WorkerPool>();
  #stopped = false;
  #stopping: Promise<void> | undefined;

  /** A queue over `database` (SQLite, migrated); throws REGISTRY_JOB_INVALID for PostgreSQL. */
  constructor(database: RegistryDatabase, options: JobQueueOptions) {
    if (database.engine !== 'sqlite') {
      throw new MlsecError(
        'REGISTRY_JOB_INVALID',
        'SqliteJobQueue needs a SQLite database; use PgBossJobQueue on PostgreSQL',
      );
    }
    this.#db = database.db;
    this.#options = resolveJobOptions(options, SQLITE_POLL_MS);
  }

  /** {@inheritDoc JobQueue.enqueue} */
  async enqueue(kind: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<string> {
    this.#checkOpen();
    checkDeclaredKind(this.#options.kinds, kind);
    const text = serialisePayload(payload);
    const now = new Date().toISOString();
    const row = await (options.trx ?? this.#db)
      .insertInto('jobs')
      .values({ kind, payload: text, state: 'queued', run_after: now, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // On SQLite a local claim waits for the connection, i.e. for the caller's commit.
    this.#pools.get(kind)?.wake();
    return String(row.id);
  }

  /** {@inheritDoc JobQueue.work} */
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that refusals reject
  async work(kind: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    this.#checkOpen();
    startPool(this.#pools, this.#options, kind, handler, this.#backend(), options);
  }

  /** {@inheritDoc JobQueue.stop} */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping ??= Promise.all([...this.#pools.values()].map((pool) => pool.stop())).then(
      () => undefined,
    );
    return this.#stopping;
  }

  #checkOpen(): void {
    if (this.#stopped)
      throw new MlsecError('REGISTRY_JOB_QUEUE_STOPPED', 'the job queue is stopped');
  }

  #backend(): JobBackend {
    const db = this.#db;
    const options = this.#options;
    const workerId = this.#workerId;
    const retryAt = (attempt: number): string =>
      new Date(
        Date.now() + retryDelayMs(attempt, options.retryDelaySeconds, options.retryBackoff),
      ).toISOString();

    async function settle(
      id: number,
      token: string,
      attempts: number,
      message: string,
    ): Promise<void> {
      const base = db
        .updateTable('jobs')
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('locked_by', '=', token);
      const released = { locked_by: null, locked_until: null, last_error: message };
      if (attempts >= options.maxAttempts) {
        await base.set({ ...released, state: 'failed' }).execute();
      } else {
        await base.set({ ...released, state: 'queued', run_after: retryAt(attempts) }).execute();
      }
    }

    async function sweep(kind: string, now: string): Promise<void> {
      const expired = await db
        .selectFrom('jobs')
        .select(['id', 'attempts', 'locked_by'])
        .where('kind', '=', kind)
        .where('state', '=', 'running')
        .where('locked_until', '<=', now)
        .orderBy('id')
        .limit(SWEEP_BATCH)
        .execute();
      for (const row of expired) {
        if (row.locked_by === null) continue;
        const message = `lease expired in attempt ${row.attempts} (worker stopped or hung)`;
        await settle(row.id, row.locked_by, row.attempts, message);
      }
    }

    return {
      async claim(kind: string, leaseMs: number): Promise<ClaimedJob | undefined> {
        const now = new Date();
        const nowText = now.toISOString();
        await sweep(kind, nowText);
        const token = `${workerId}/${randomUUID()}`;
        const row = await db
          .updateTable('jobs')
          .set((eb) => ({
            state: 'running',
            attempts: eb('attempts', '+', 1),
            locked_by: token,
            locked_until: new Date(now.getTime() + leaseMs).toISOString(),
          }))
          .where('id', '=', (eb) =>
            eb
              .selectFrom('jobs')
              .select('id')
              .where('kind', '=', kind)
              .where('state', '=', 'queued')
              .where('run_after', '<=', nowText)
              .orderBy('run_after')
              .orderBy('id')
              .limit(1),
          )
          .where('state', '=', 'queued')
          .returning(['id', 'payload', 'attempts'])
          .executeTakeFirst();
        if (row === undefined) return undefined;
        const payload = parsePayload(row.payload);
        const job = {
          id: String(row.id),
          kind,
          payload: payload ?? {},
          attempt: row.attempts,
          token,
        };
        if (payload === undefined) {
          await settle(row.id, token, options.maxAttempts, 'stored payload is not a JSON object');
          return this.claim(kind, leaseMs);
        }
        return job;
      },
      async complete(job: ClaimedJob): Promise<void> {
        await db
          .updateTable('jobs')
          .set({ state: 'done', locked_by: null, locked_until: null })
          .where('id', '=', Number(job.id))
          .where('state', '=', 'running')
          .where('locked_by', '=', job.token)
          .execute();
      },
      async fail(job: ClaimedJob, message: string): Promise<void> {
        await settle(Number(job.id), job.token, job.attempt, message);
      },
      // Safe here: the update applies only while the row still carries this attempt's token.
      async expire(job: ClaimedJob, message: string): Promise<void> {
        await settle(Number(job.id), job.token, job.attempt, message);
      },
    };
  }
}

function parsePayload(text: string): JobPayload | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as JobPayload;
    }
  } catch {
    // fall through: a row edited behind the queue
  }
  return undefined;
}
