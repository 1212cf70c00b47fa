import { sql, type ColumnDataType, type CreateTableBuilder, type Expression } from 'kysely';
import type { DatabaseEngine } from '../database-url.ts';

/**
 * Column types and CHECKs that differ between the engines, so one migration can describe the same
 * logical schema on both. SQLite tables are STRICT, so a column holds only its declared type there too.
 */
export interface EngineColumns {
  /** A 64-bit integer (`integer` on SQLite, `bigint` on PostgreSQL). */
  readonly bigint: ColumnDataType;
  /** Raw bytes (`blob` / `bytea`). */
  readonly bytes: ColumnDataType;
  /** Add an auto-assigned bigint primary key named `id`. */
  id<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** End the CREATE TABLE (STRICT on SQLite). */
  finish<T extends string, C extends string>(
    table: CreateTableBuilder<T, C>,
  ): CreateTableBuilder<T, C>;
  /** CHECK: the column is an ISO-8601 UTC time with milliseconds. */
  isoTime(column: string): Expression<unknown>;
  /** CHECK: the column is lower-case hex SHA-256. */
  hexSha256(column: string): Expression<unknown>;
  /** CHECK: the column holds exactly 32 bytes. */
  hash32(column: string): Expression<unknown>;
}

const ISO_GLOB =
  '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z';

const SQLITE: EngineColumns = {
  bigint: 'integer',
  bytes: 'blob',
  id: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  finish: (table) => table.modifyEnd(sql`strict`),
  isoTime: (column) => sql`${sql.ref(column)} glob ${sql.lit(ISO_GLOB)}`,
  hexSha256: (column) =>
    sql`length(${sql.ref(column)}) = 64 and ${sql.ref(column)} not glob '*[^0-9a-f]*'`,
  hash32: (column) => sql`length(${sql.ref(column)}) = 32`,
};

const POSTGRES: EngineColumns = {
  bigint: 'bigint',
  bytes: 'bytea',
  id: (table) =>
    table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  finish: (table) => table,
  isoTime: (column) =>
    sql`${sql.ref(column)} ~ ${sql.lit('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$')}`,
  hexSha256: (column) => sql`${sql.ref(column)} ~ ${sql.lit('^[0-9a-f]{64}$')}`,
  hash32: (column) => sql`octet_length(${sql.ref(column)}) = 32`,
};

/** The column vocabulary of `engine`. */
export function engineColumns(engine: DatabaseEngine): EngineColumns {
  return engine === 'sqlite' ? SQLITE : POSTGRES;
}
