import { sql } from 'kysely';
import type { DatabaseEngine } from '../../db/database-url.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { RegistryDatabase } from '../../db/open-database.ts';
import { createTestDatabase } from '../../db/testing/test-databases.ts';
import type { JobQueue } from '../job-queue.ts';
import type { JobQueueOptions } from '../job-options.ts';
import { SqliteJobQueue } from '../sqlite-job-queue.ts';
import { PgBossJobQueue } from '../pg-boss-job-queue.ts';

/** A job's row, read straight from the engine's table, in the SQLite queue's vocabulary. */
export interface JobRow {
  readonly id: string;
  readonly kind: string;
  readonly state: 'queued' | 'running' | 'done' | 'failed';
  /** Attempts started so far. */
  readonly attempts: number;
  readonly error: string | null;
}

/** Where a crash-worker child connects (see crash-worker.ts). */
export interface CrashWorkerConfig {
  readonly engine: DatabaseEngine;
  readonly url: string;
  readonly schema?: string | undefined;
  readonly bossSchema?: string | undefined;
  readonly options: JobQueueOptions;
}

/** One engine's database for a job suite, with queues over it and a view of its job rows. */
export interface QueueTarget {
  readonly engine: DatabaseEngine;
  readonly database: RegistryDatabase;
  /** A queue with fast test timings (poll 50 ms, maintenance every second) over `database`. */
  queue(options: JobQueueOptions, database?: RegistryDatabase): Promise<JobQueue>;
  /** A second connection (SQLite) or pool (PostgreSQL): another "worker machine". */
  openAnother(): Promise<RegistryDatabase>;
  /** Every job row, by id. */
  rows(): Promise<Map<string, JobRow>>;
  crashConfig(options: JobQueueOptions): CrashWorkerConfig;
  dispose(): Promise<void>;
}

/** Test timings both engines use unless a test overrides them. */
export const FAST = { pollIntervalMs: 50, retryDelaySeconds: 0, retryBackoff: false } as const;

/** Create the target for `engine` (a migrated SQLite file, or a fresh PostgreSQL schema pair). */
export async function createQueueTarget(
  engine: DatabaseEngine,
  label: string,
): Promise<QueueTarget> {
  const test = await createTestDatabase(engine, label);
  const database = await test.open();
  await migrateToLatest(database);
  const others: RegistryDatabase[] = [];
  const bossSchema = test.options.schema === undefined ? undefined : `${test.options.schema}_boss`;
  return {
    engine,
    database,
    async queue(options, db = database) {
      const merged = { ...FAST, ...options };
      if (engine === 'sqlite') return new SqliteJobQueue(db, merged);
      return PgBossJobQueue.start(db, {
        ...merged,
        schema: bossSchema,
        maintenanceIntervalSeconds: 1,
      });
    },
    async openAnother() {
      const other = await test.open();
      others.push(other);
      return other;
    },
    async rows() {
      if (engine === 'sqlite') {
        const rows = await database.db.selectFrom('jobs').selectAll().execute();
        return new Map(
          rows.map((r) => [
            String(r.id),
            {
              id: String(r.id),
              kind: r.kind,
              state: r.state,
              attempts: r.attempts,
              error: r.last_error,
            },
          ]),
        );
      }
      const result = await sql<{
        id: string;
        name: string;
        state: string;
        retry_count: number;
        started: boolean;
        output: { message?: string; value?: { message?: string } } | null;
      }>`select id::text as id, name, state::text as state, retry_count, started_on is not null as started, output
         from ${sql.table(`${bossSchema}.job`)}`.execute(database.db);
      return new Map(
        result.rows.map((r) => [
          r.id,
          {
            id: r.id,
            kind: r.name,
            state: PG_STATES[r.state] ?? 'failed',
            attempts: r.started ? r.retry_count + 1 : 0,
            error: r.output?.message ?? r.output?.value?.message ?? null,
          },
        ]),
      );
    },
    crashConfig(options) {
      return {
        engine,
        url: test.url,
        schema: test.options.schema,
        bossSchema,
        options: { ...FAST, ...options },
      };
    },
    async dispose() {
      for (const other of others) await other.close();
      if (bossSchema !== undefined) {
        await sql`drop schema if exists ${sql.id(bossSchema)} cascade`.execute(database.db);
      }
      await database.close();
      await test.dispose();
    },
  };
}

const PG_STATES: Record<string, JobRow['state']> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'failed',
};

/** Resolve once `check` returns true, polling every 20 ms; reject after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise with its resolve function, for handlers the test releases. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
