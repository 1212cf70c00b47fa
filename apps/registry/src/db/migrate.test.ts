import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from './migrate.ts';
import { logSize } from './log-append.ts';
import type { RegistryDatabase } from './open-database.ts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from './testing/test-databases.ts';
import { runInWorker } from './testing/run-in-worker.ts';

const TABLES = [
  'alias_events',
  'aliases',
  'api_tokens',
  'approvals',
  'blobs',
  'checkpoints',
  'grants',
  'jobs',
  'log_entries',
  'log_head',
  'model_versions',
  'models',
  'namespace_blobs',
  'namespaces',
  'principals',
  'pull_alerts',
  'pull_volume',
  'tree_nodes',
  'version_files',
];

for (const engine of TEST_ENGINES) {
  describe(`migrateToLatest on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      target = await createTestDatabase(engine, 'migrate');
      database = await target.open();
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('applies every migration to an empty database, in order', async () => {
      assert.deepEqual(await migrateToLatest(database), [
        '0001_initial_schema',
        '0002_append_only_guards',
        '0003_namespace_blobs',
        '0004_pull_volume',
      ]);
    });

    it('creates the same tables on both engines', async () => {
      // This database's own tables (Kysely's introspection would list every schema's, racing
      // with other test files that drop theirs).
      const listed =
        engine === 'postgres'
          ? sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables
              where schemaname = current_schema()`
          : sql<{ name: string }>`select name from sqlite_schema
              where type = 'table' and name not like 'sqlite_%'`;
      const tables = (await listed.execute(database.db)).rows
        .map((t) => t.name)
        .filter((name) => !name.startsWith('kysely_'))
        .sort();
      assert.deepEqual(tables, TABLES);
    });

    it('starts the log sequencer at size 0', async () => {
      assert.equal(await logSize(database.db), 0);
    });

    it('applies nothing the second time, from this or another connection', async () => {
      assert.deepEqual(await migrateToLatest(database), []);
      const other = await target.open();
      try {
        assert.deepEqual(await migrateToLatest(other), []);
      } finally {
        await other.close();
      }
    });
  });

  describe(`two connections migrating an empty ${engine} database at once`, () => {
    let target: TestDatabase;
    before(async () => {
      target = await createTestDatabase(engine, 'migrate_race');
    });
    after(async () => {
      await target.dispose();
    });

    it('apply each migration exactly once between them', async () => {
      const job = { op: 'migrate', url: target.url, options: target.options } as const;
      const [ranA, ranB] = await Promise.all([
        runInWorker<string[]>(job),
        runInWorker<string[]>(job),
      ]);
      assert.deepEqual([...ranA, ...ranB].sort(), [
        '0001_initial_schema',
        '0002_append_only_guards',
        '0003_namespace_blobs',
        '0004_pull_volume',
      ]);
      const database = await target.open();
      try {
        assert.equal(await logSize(database.db), 0);
      } finally {
        await database.close();
      }
    });
  });
}
