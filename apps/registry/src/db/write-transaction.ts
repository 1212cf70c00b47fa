import { sql, type Kysely } from 'kysely';
import type { RegistrySchema } from './schema.ts';
import type { RegistryDatabase } from './open-database.ts';

/**
 * Run `work` in one read-write transaction that holds the write lock from its first statement:
 * committed when `work` resolves, rolled back (nothing kept) when it throws.
 *
 * - SQLite: `BEGIN IMMEDIATE` on the process's one connection. A plain (deferred) BEGIN would take
 *   the write lock only at the first write, and a transaction that read first then fails with
 *   SQLITE_BUSY instead of waiting when another process wrote in between. Other processes wait
 *   through the busy timeout.
 * - PostgreSQL: an ordinary READ COMMITTED transaction on one pooled connection; serialisation where
 *   it matters comes from row locks (the log sequencer, see appendLogEntry).
 *
 * Use the `Kysely` passed to `work` for every statement of the transaction, and do not nest.
 */
export async function writeTransaction<T>(
  database: RegistryDatabase,
  work: (trx: Kysely<RegistrySchema>) => Promise<T>,
): Promise<T> {
  if (database.engine === 'postgres') return database.db.transaction().execute(work);
  return database.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}
