import { MlsecError } from '@mlsec/core';
import PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { EnqueueOptions, JobHandler, JobPayload, JobQueue, WorkOptions } from './job-queue.ts';
import {
  checkDeclaredKind,
  resolveJobOptions,
  serialisePayload,
  type JobQueueOptions,
  type ResolvedJobOptions,
} from './job-options.ts';
import { kyselyExecutor } from './pg-boss-executor.ts';
import { startPool, type ClaimedJob, type JobBackend, type WorkerPool } from './worker-pool.ts';

/** Default polling interval of the PostgreSQL queue (local enqueues also wake it). */
export const PG_BOSS_POLL_MS = 2000;

/** A pg-boss schema name: a plain lower-case identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options for PgBossJobQueue.start. */
export interface PgBossJobQueueOptions extends JobQueueOptions {
  /** The schema pg-boss keeps its tables in, in the registry's database (default `pgboss`). */
  readonly schema?: string | undefined;
  /**
   * How often some registry process runs pg-boss maintenance, which fails (and so retries) jobs whose
   * lease ran out because their worker died (default 30 s; at least 1).
   */
  readonly maintenanceIntervalSeconds?: number;
}

/**
 * The scale-out job queue: pg-boss 10 in its own schema of the registry's PostgreSQL database,
 * shared by every registry process on every machine (jobs are claimed with SELECT … FOR UPDATE SKIP
 * LOCKED, so two workers never hold one job at once).
 *
 * - pg-boss runs over the registry's own pool (no second pool), and enqueue with `trx` sends the
 *   job through the caller's transaction: pg-boss's INSERT runs on that connection, so the job row
 *   in pg-boss's table and the version row commit together or not at all (pg-boss lives in the same
 *   database precisely so this needs no two-phase commit).
 * - Retries use pg-boss's retryLimit (maxAttempts - 1), retryDelay and retryBackoff; a lease is
 *   pg-boss's expireInSeconds, enforced by its maintenance in whichever process runs it next.
 *   The local lease timer only aborts the handler's signal: pg-boss 10's fail/complete are not
 *   bound to the worker that fetched a job, so after the local deadline this queue reports nothing
 *   and leaves the expiry to the database.
 * - Workers are this class's own (fetch, complete, fail), not pg-boss's work(), so concurrency,
 *   wake-ups and a stop() that waits for running handlers behave as on SQLite.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #options: ResolvedJobOptions;
  readonly #pools = new Map<string, WorkerPool>();
  #stopped = false;
  #stopping: Promise<void> | undefined;

  private constructor(boss: PgBoss, options: ResolvedJobOptions) {
    this.#boss = boss;
    this.#options = options;
  }

  /**
   * Start pg-boss over `database` (PostgreSQL): create or migrate its schema (safe from several
   * processes at once) and one pg-boss queue per declared kind.
   */
  static async start(
    database: RegistryDatabase,
    options: PgBossJobQueueOptions,
  ): Promise<PgBossJobQueue> {
    if (database.engine !== 'postgres') {
      throw new MlsecError(
        'REGISTRY_JOB_INVALID',
        'PgBossJobQueue needs a PostgreSQL database; use SqliteJobQueue on SQLite',
      );
    }
    const resolved = resolveJobOptions(options, PG_BOSS_POLL_MS);
    const schema = options.schema ?? 'pgboss';
    if (!SCHEMA_NAME.test(schema)) {
      throw new MlsecError(
        'REGISTRY_JOB_INVALID',
        'the pg-boss schema must be lower-case letters, digits and _',
      );
    }
    const maintenance = options.maintenanceIntervalSeconds ?? 30;
    if (!Number.isInteger(maintenance) || maintenance < 1 || maintenance > 3600) {
      throw new MlsecError(
        'REGISTRY_JOB_INVALID',
        'maintenanceIntervalSeconds must be an integer from 1 to 3600',
      );
    }
    const boss = new PgBoss({
      db: kyselyExecutor(database.db as Kysely<unknown>),
      schema,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: maintenance,
    });
    boss.on('error', resolved.onError);
    await boss.start();
    const queue = new PgBossJobQueue(boss, resolved);
    for (const kind of resolved.kinds)
      await boss.createQueue(kind, { name: kind, ...queue.#policy() });
    return queue;
  }

  /** {@inheritDoc JobQueue.enqueue} */
  async enqueue(kind: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<string> {
    this.#checkOpen();
    checkDeclaredKind(this.#options.kinds, kind);
    serialisePayload(payload);
    const id = await this.#boss.send(kind, payload, {
      ...this.#policy(),
      ...(options.trx === undefined ? {} : { db: kyselyExecutor(options.trx as Kysely<unknown>) }),
    });
    if (id === null) {
      throw new MlsecError('REGISTRY_JOB_INVALID', `pg-boss did not queue the ${kind} job`);
    }
    this.#pools.get(kind)?.wake();
    return id;
  }

  /** {@inheritDoc JobQueue.work} */
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that refusals reject
  async work(kind: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    this.#checkOpen();
    startPool(this.#pools, this.#options, kind, handler, this.#backend(), options);
  }

  /** {@inheritDoc JobQueue.stop} Also stops pg-boss maintenance; the database stays open. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping ??= (async () => {
      await Promise.all([...this.#pools.values()].map((pool) => pool.stop()));
      await this.#boss.stop({ graceful: false, close: false });
    })();
    return this.#stopping;
  }

  #checkOpen(): void {
    if (this.#stopped)
      throw new MlsecError('REGISTRY_JOB_QUEUE_STOPPED', 'the job queue is stopped');
  }

  #policy(): PgBoss.RetryOptions & PgBoss.ExpirationOptions {
    return {
      retryLimit: this.#options.maxAttempts - 1,
      retryDelay: this.#options.retryDelaySeconds,
      retryBackoff: this.#options.retryBackoff,
      expireInSeconds: this.#options.leaseSeconds,
    };
  }

  #backend(): JobBackend {
    const boss = this.#boss;
    return {
      async claim(kind: string): Promise<ClaimedJob | undefined> {
        const [job] = await boss.fetch<unknown>(kind, { batchSize: 1, includeMetadata: true });
        if (job === undefined) return undefined;
        const data = job.data;
        if (typeof data !== 'object' || data === null || Array.isArray(data)) {
          await boss.fail(kind, job.id, { message: 'stored payload is not a JSON object' });
          return this.claim(kind, 0);
        }
        return {
          id: job.id,
          kind,
          payload: data as JobPayload,
          attempt: job.retryCount + 1,
          token: job.id,
        };
      },
      async complete(job: ClaimedJob): Promise<void> {
        await boss.complete(job.kind, job.id);
      },
      async fail(job: ClaimedJob, message: string): Promise<void> {
        await boss.fail(job.kind, job.id, { message });
      },
      // pg-boss maintenance fails the job once its expire_in has passed (see the class comment).
      expire(): Promise<void> {
        return Promise.resolve();
      },
    };
  }
}
