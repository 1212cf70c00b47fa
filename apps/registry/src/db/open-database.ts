import type { Kysely } from 'kysely';
import type { RegistrySchema } from './schema.ts';
import { parseDatabaseUrl, type DatabaseEngine } from './database-url.ts';
import { DEFAULT_BUSY_TIMEOUT_MS } from './sqlite-pragmas.ts';
import { openSqlite } from './open-sqlite.ts';
import { DEFAULT_POOL_SIZE, openPostgres } from './open-postgres.ts';

/** An open registry database: the typed query builder, its engine, and how to close it. */
export interface RegistryDatabase {
  readonly db: Kysely<RegistrySchema>;
  readonly engine: DatabaseEngine;
  /** Close the connection (SQLite) or drain the pool (PostgreSQL). Safe to call twice. */
  close(): Promise<void>;
}

/** Options for openRegistryDatabase. */
export interface OpenDatabaseOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  readonly poolSize?: number;
  /** PostgreSQL: schema put first in search_path, e.g. one per test file (default: the server's). */
  readonly schema?: string;
  /** SQLite: how long to wait for another process's write lock (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Open the registry database named by `url`: `sqlite:/path/registry.db` (WAL, foreign keys on, busy
 * timeout, synchronous FULL) or `postgres://…` (a pool, checked with one query). Does not migrate:
 * call migrateToLatest() next.
 *
 * @example
 * const database = await openRegistryDatabase('sqlite:/var/lib/mlsec/registry.db');
 * await migrateToLatest(database);
 * const rows = await database.db.selectFrom('namespaces').selectAll().execute();
 * await database.close();
 */
export async function openRegistryDatabase(
  url: string,
  options: OpenDatabaseOptions = {},
): Promise<RegistryDatabase> {
  const target = parseDatabaseUrl(url);
  const db =
    target.engine === 'sqlite'
      ? openSqlite(target.path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)
      : await openPostgres(target.connectionString, {
          poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
          schema: options.schema,
        });
  let closed: Promise<void> | undefined;
  return {
    db,
    engine: target.engine,
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
