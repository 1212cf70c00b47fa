import { sql, type Kysely } from 'kysely';
import type { IsoTime, RegistrySchema } from './schema.ts';

/** A log entry to append: its kind, canonical JSON body and RFC 9162 leaf hash (32 bytes). */
export interface NewLogEntry {
  readonly kind: string;
  readonly body: string;
  readonly leafHash: Uint8Array;
  readonly at: IsoTime;
}

/**
 * Append one entry to the transparency log and return its index. Call it inside writeTransaction(),
 * with the same transaction as the state change it records, so neither commits without the other.
 *
 * The index comes from the single sequencer row `log_head`: `UPDATE … SET size = size + 1 RETURNING`.
 * On PostgreSQL the UPDATE takes the row lock, so a concurrent appender waits until this transaction
 * ends and then reads the advanced size; on SQLite the transaction already holds the database's write
 * lock (BEGIN IMMEDIATE). Either way indexes are handed out once each, and a rolled-back transaction
 * rolls back its increment with it, so no index goes missing. The database's own triggers refuse an
 * entry whose index is not the one just handed out.
 */
export async function appendLogEntry(
  trx: Kysely<RegistrySchema>,
  entry: NewLogEntry,
): Promise<number> {
  const head = await trx
    .updateTable('log_head')
    .set({ size: sql<number>`size + 1` })
    .where('id', '=', 1)
    .returning('size')
    .executeTakeFirstOrThrow();
  const index = head.size - 1;
  await trx
    .insertInto('log_entries')
    .values({
      log_index: index,
      kind: entry.kind,
      body: entry.body,
      leaf_hash: entry.leafHash,
      at: entry.at,
    })
    .execute();
  return index;
}

/** The number of entries in the log (the sequencer's size). */
export async function logSize(db: Kysely<RegistrySchema>): Promise<number> {
  const head = await db
    .selectFrom('log_head')
    .select('size')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return head.size;
}
