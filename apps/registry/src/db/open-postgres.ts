import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { MlsecError, snippet } from '@mlsec/core';
import type { RegistrySchema } from './schema.ts';
import { redactDatabaseUrl } from './database-url.ts';

/** Default number of pooled PostgreSQL connections per registry process. */
export const DEFAULT_POOL_SIZE = 10;

// PostgreSQL type OIDs whose text form we parse ourselves (pg_type.oid).
const INT8_OID = 20;

/** A PostgreSQL schema name we are willing to put in search_path: a plain lower-case identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options for openPostgres. */
export interface PostgresOptions {
  readonly poolSize: number;
  /** Schema to put first in search_path (tables are created and found there). */
  readonly schema?: string | undefined;
}

/**
 * A pool over `connectionString` returning bigint columns as numbers (refusing ones that JavaScript
 * cannot hold exactly), checked by one round trip so a bad URL or a stopped server fails here.
 */
export async function openPostgres(
  connectionString: string,
  options: PostgresOptions,
): Promise<Kysely<RegistrySchema>> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new MlsecError(
      'REGISTRY_DB_URL_INVALID',
      `bad PostgreSQL schema name "${snippet(options.schema, 80)}": use lower-case letters, digits and _`,
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    types: { getTypeParser: typeParser },
  });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<RegistrySchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const why = error instanceof Error ? error.message : String(error);
    throw new MlsecError(
      'REGISTRY_DB_OPEN_FAILED',
      `cannot reach PostgreSQL at ${snippet(redactDatabaseUrl(connectionString), 160)}: ${snippet(why, 160)}`,
      { cause: error },
    );
  }
  return db;
}

const defaultParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
  format?: string,
) => (value: string) => unknown;

/** pg's type parsers, except int8 (bigint) in text form: a JavaScript number, refused past 2^53 - 1. */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8_OID && (format === undefined || format === 'text')) return parseInt8;
  return defaultParser(oid, format);
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new MlsecError(
      'REGISTRY_DB_INTEGER_RANGE',
      `PostgreSQL returned the bigint ${snippet(text, 40)}, past the largest exact JavaScript integer`,
    );
  }
  return value;
}
