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
      db,
      provider: { getMigrations: () => Promise.resolve(registryMigrations(database.engine)) },
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    }).migrateToLatest();

  const outcome =
    database.engine === 'sqlite'
      ? await database.db.connection().execute(async (connection) => {
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
      : await run(database.db as Kysely<unknown>);

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
