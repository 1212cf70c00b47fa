import { sql, type Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/** jobs: the in-process queue used on SQLite (PostgreSQL deployments use pg-boss's own tables). */
export async function createJobTables(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      c
        .id(db.schema.createTable('jobs'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) =>
          col
            .notNull()
            .defaultTo('queued')
            .check(sql`state in ('queued', 'running', 'done', 'failed')`),
        )
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('run_after', 'text', (col) => col.notNull().check(c.isoTime('run_after')))
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text', (col) => col.check(c.isoTime('locked_until')))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at'))),
    )
    .execute();
  await db.schema.createIndex('jobs_ready').on('jobs').columns(['state', 'run_after']).execute();
}
