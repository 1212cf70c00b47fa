import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { MlsecError, snippet } from '@mlsec/core';
import type { RegistryDatabase } from './open-database.ts';
import { registryMigrations } from './migrations/registry-migrations.ts';

/**
 * Bring the database's schema to the latest migration and return the names applied now (empty when
 * it was already current, so running it twice is harmless). All-or-nothing on both engines:
 * PostgreSQL runs the migrations in one transaction under Kysely's advisory lock; on SQLite (where
 * Kysely does not wrap DDL) they run inside one `BEGIN IMMEDIATE`, which also keeps a second process
 * out until they are done. Throws MlsecError('REGISTRY_DB_MIGRATION_FAILED').
 */
export async function migrateToLatest(database: RegistryDatabase): Promise<readonly string[]> {
  // Kysely's introspection lists tables of every schema, so on PostgreSQL its bookkeeping tables
  // must be named with our schema, or a kysely_migration table of another schema passes for ours.
  const schema =
    database.engine === 'postgres'
      ? ((await sql<{ name: string }>`select current_schema() as name`.execute(database.db)).rows[0]
          ?.name ?? undefined)
      : undefined;
  const run = (db: Kysely<unknown>): Promise<MigrationResultSet> =>
    new Migrator({
      db: schema === undefined ? db : withOwnSchemaIntrospection(db),
      provider: { getMigrations: () => Promise.resolve(registryMigrations(database.engine)) },
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    }).migrateToLatest();

  const attempt = (): Promise<MigrationResultSet> =>
    database.engine === 'sqlite'
      ? database.db.connection().execute(async (connection) => {
          await sql`begin immediate`.execute(connection);
          let result: MigrationResultSet;
          try {
            result = await run(connection as Kysely<unknown>);
          } catch (error) {
            await sql`rollback`.execute(connection);
            throw error;
          }
          await sql.raw(result.error === undefined ? 'commit' : 'rollback').execute(connection);
          return result;
        })
      : run(database.db as Kysely<unknown>);

  const outcome = await attempt();

  if (outcome.error !== undefined) {
    const failed = outcome.results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
    const why = outcome.error instanceof Error ? outcome.error.message : 'unknown error';
    throw new MlsecError(
      'REGISTRY_DB_MIGRATION_FAILED',
      `registry database migration ${snippet(failed, 80)} failed: ${snippet(why, 200)}`,
      { cause: outcome.error },
    );
  }
  return (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * `db`, except that its introspection sees the current schema only. Kysely's Migrator looks for its
 * bookkeeping tables by listing the tables of every schema, and that listing fails ("schema … does
 * not exist") when another client drops a schema at that moment: other test files, other tenants.
 */
function withOwnSchemaIntrospection(db: Kysely<unknown>): Kysely<unknown> {
  const introspection = {
    async getSchemas() {
      const { rows } = await sql<{
        name: string;
      }>`select nspname as name from pg_catalog.pg_namespace where nspname = current_schema()`.execute(
        db,
      );
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string; schema: string }>`
        select c.relname as name, n.nspname as schema
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v')`.execute(db);
      return rows.map((r) => ({ ...r, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
