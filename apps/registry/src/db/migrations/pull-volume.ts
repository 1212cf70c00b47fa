import { sql, type Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/**
 * pull_volume: model bytes pulled per principal per time bucket, and pull_alerts: when each principal
 * last raised the pull-volume (exfiltration) alert. Counters for the signal, kept in the database so
 * that every replica behind a load balancer adds to and judges by the same totals, and a restart
 * keeps the baseline. Not audited state: the pulls themselves are `model_pulled` log entries.
 */
export async function createPullVolumeTables(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      db.schema
        .createTable('pull_volume')
        .addColumn('principal', 'text', (col) => col.notNull())
        .addColumn('bucket', c.bigint, (col) => col.notNull())
        .addColumn('bytes', c.bigint, (col) => col.notNull().check(sql`bytes >= 0`))
        .addPrimaryKeyConstraint('pull_volume_pk', ['principal', 'bucket']),
    )
    .execute();
  await c
    .finish(
      db.schema
        .createTable('pull_alerts')
        .addColumn('principal', 'text', (col) => col.primaryKey())
        .addColumn('last_alert_ms', c.bigint, (col) => col.notNull()),
    )
    .execute();
}
