import type { Kysely, Migration } from 'kysely';
import type { DatabaseEngine } from '../database-url.ts';
import { engineColumns } from './column-types.ts';
import { createAccessTables } from './access-tables.ts';
import { createModelTables } from './model-tables.ts';
import { createLogTables } from './log-tables.ts';
import { createJobTables } from './job-tables.ts';
import { createAppendOnlyGuards } from './append-only.ts';
import { createNamespaceBlobs } from './namespace-blobs.ts';
import { createPullVolumeTables } from './pull-volume.ts';

/**
 * Every registry migration, by name (Kysely runs them in name order). Static: nothing is read from
 * the filesystem, so a packaged server migrates the same way as the tests. Migrations have no `down`:
 * a registry's log is never migrated backwards. Add new ones with the next number; never edit one
 * that has shipped.
 */
export function registryMigrations(engine: DatabaseEngine): Record<string, Migration> {
  const columns = engineColumns(engine);
  return {
    '0001_initial_schema': {
      async up(db: Kysely<unknown>) {
        await createAccessTables(db, columns);
        await createModelTables(db, columns);
        await createLogTables(db, columns);
        await createJobTables(db, columns);
      },
    },
    '0002_append_only_guards': {
      async up(db: Kysely<unknown>) {
        await createAppendOnlyGuards(db, engine);
      },
    },
    '0003_namespace_blobs': {
      async up(db: Kysely<unknown>) {
        await createNamespaceBlobs(db, columns);
      },
    },
    '0004_pull_volume': {
      async up(db: Kysely<unknown>) {
        await createPullVolumeTables(db, columns);
      },
    },
  };
}
