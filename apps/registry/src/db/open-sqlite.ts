import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { MlsecError, snippet } from '@mlsec/core';
import type { RegistrySchema } from './schema.ts';
import { applySqlitePragmas } from './sqlite-pragmas.ts';

/**
 * Open (creating if needed) the SQLite file at `path` with the registry's pragmas. The folder must
 * exist. One connection per Kysely instance: Kysely's SQLite driver serialises queries and
 * transactions of this process over it; other processes wait through the busy timeout.
 */
export function openSqlite(path: string, busyTimeoutMs: number): Kysely<RegistrySchema> {
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(path, { fileMustExist: false });
    applySqlitePragmas(database, busyTimeoutMs);
  } catch (error) {
    throw new MlsecError(
      'REGISTRY_DB_OPEN_FAILED',
      `cannot open the SQLite database "${snippet(path, 160)}": ${snippet(describe(error), 160)}`,
      { cause: error },
    );
  }
  return new Kysely<RegistrySchema>({ dialect: new SqliteDialect({ database }) });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
