import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { PullVolumeStore } from '../access/pull-volume.ts';
import type { RegistrySchema } from '../db/schema.ts';

/**
 * The pull-volume counters in the registry database (tables pull_volume and pull_alerts), used inside
 * the transaction that logs the pull: every replica shares them, and claiming an alert is one
 * conditional upsert, so two replicas never both raise the same principal's alert.
 */
export class DbPullVolumeStore implements PullVolumeStore {
  readonly #db: Kysely<RegistrySchema>;

  constructor(db: Kysely<RegistrySchema>) {
    this.#db = db;
  }

  async add(principal: string, bucket: number, bytes: number): Promise<void> {
    await this.#db
      .insertInto('pull_volume')
      .values({ principal, bucket, bytes })
      .onConflict((oc) =>
        oc
          .columns(['principal', 'bucket'])
          .doUpdateSet({ bytes: sql<number>`pull_volume.bytes + excluded.bytes` }),
      )
      .execute();
  }

  async totals(
    principal: string,
    from: number,
    windowStart: number,
    to: number,
  ): Promise<{ window: number; all: number }> {
    const row = await this.#db
      .selectFrom('pull_volume')
      .select([
        // Cast: PostgreSQL's sum of bigint is numeric, which the driver would return as text.
        sql<number>`cast(coalesce(sum(bytes), 0) as bigint)`.as('all'),
        sql<number>`cast(coalesce(sum(case when bucket >= ${windowStart} then bytes else 0 end), 0) as bigint)`.as(
          'window',
        ),
      ])
      .where('principal', '=', principal)
      .where('bucket', '>=', from)
      .where('bucket', '<=', to)
      .executeTakeFirstOrThrow();
    return { window: Number(row.window), all: Number(row.all) };
  }

  async claimAlert(principal: string, at: number, quietMs: number): Promise<boolean> {
    const claimed = await this.#db
      .insertInto('pull_alerts')
      .values({ principal, last_alert_ms: at })
      .onConflict((oc) =>
        oc
          .column('principal')
          .doUpdateSet({ last_alert_ms: at })
          .where('pull_alerts.last_alert_ms', '<=', at - quietMs),
      )
      .returning('principal')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  async prune(bucket: number): Promise<void> {
    await this.#db.deleteFrom('pull_volume').where('bucket', '<', bucket).execute();
  }
}
