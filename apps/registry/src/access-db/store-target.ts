import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';

/** A write transaction the caller already holds (from writeTransaction()), to join instead of opening one. */
export interface OpenTransaction {
  readonly transaction: Kysely<RegistrySchema>;
}

/**
 * Where the database-backed stores read and write: a database, where every write runs in its own
 * writeTransaction(), or a caller's open transaction, so several changes (init's admin, grant and
 * token) commit together with their log entries or not at all.
 */
export type StoreTarget = RegistryDatabase | OpenTransaction;

/** The query builder that reads from `target`. */
export function readerOf(target: StoreTarget): Kysely<RegistrySchema> {
  return 'transaction' in target ? target.transaction : target.db;
}

/** Run `work` in the target's transaction, or in a new write transaction of its database. */
export function writeWith<T>(
  target: StoreTarget,
  work: (trx: Kysely<RegistrySchema>) => Promise<T>,
): Promise<T> {
  return 'transaction' in target ? work(target.transaction) : writeTransaction(target, work);
}
