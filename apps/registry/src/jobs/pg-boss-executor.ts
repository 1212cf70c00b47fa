import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';

/**
 * pg-boss's database interface over a Kysely instance: the registry's pool, or a caller's open
 * transaction (so that `send` inserts the job in that transaction). Statements without parameters
 * go out in the simple query protocol, which pg-boss's multi-statement migrations need.
 */
export function kyselyExecutor(db: Kysely<unknown>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }> {
      const result = await db.executeQuery(CompiledQuery.raw(text, [...(values ?? [])]));
      return { rows: [...result.rows] };
    },
  };
}
