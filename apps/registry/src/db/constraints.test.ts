import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from './migrate.ts';
import { classifyDbError } from './db-errors.ts';
import type { RegistryDatabase } from './open-database.ts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from './testing/test-databases.ts';
import { hexSha256, insertVersion, seedGraph, T0, type Seeded } from './testing/seed.ts';

/** Assert that `query` fails with a database error of `kind`. */
async function refused(query: Promise<unknown>, kind: string): Promise<void> {
  await assert.rejects(query, (error: unknown) => {
    assert.equal(classifyDbError(error), kind, String(error));
    return true;
  });
}

for (const engine of TEST_ENGINES) {
  describe(`registry schema constraints on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    let seeded: Seeded;
    before(async () => {
      target = await createTestDatabase(engine, 'constraints');
      database = await target.open();
      await migrateToLatest(database);
      seeded = await seedGraph(database.db);
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('refuses re-uploading a version id of a model', async () => {
      await refused(insertVersion(database.db, seeded.modelId, seeded.principalId, 'v1'), 'unique');
      const rows = await database.db
        .selectFrom('model_versions')
        .select('version')
        .where('model_id', '=', seeded.modelId)
        .execute();
      assert.deepEqual(rows, [{ version: 'v1' }]);
    });

    it('allows the same version id in another model', async () => {
      const { id: other } = await database.db
        .insertInto('models')
        .values({ namespace_id: seeded.namespaceId, name: 'other', created_at: T0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(
        typeof (await insertVersion(database.db, other, seeded.principalId, 'v1')),
        'number',
      );
    });

    it('refuses a second namespace, model or alias of the same name', async () => {
      await refused(
        database.db
          .insertInto('namespaces')
          .values({ name: 'ns', public: 1, gate_policy: null, created_at: T0 })
          .execute(),
        'unique',
      );
      await refused(
        database.db
          .insertInto('models')
          .values({ namespace_id: seeded.namespaceId, name: 'm', created_at: T0 })
          .execute(),
        'unique',
      );
      await refused(
        database.db
          .insertInto('aliases')
          .values({
            model_id: seeded.modelId,
            name: 'production',
            version_id: seeded.versionId,
            updated_at: T0,
          })
          .execute(),
        'unique',
      );
    });

    it('refuses a file whose blob is not stored, and rows pointing at missing parents', async () => {
      await refused(
        database.db
          .insertInto('version_files')
          .values({
            version_id: seeded.versionId,
            path: 'model.safetensors',
            sha256: hexSha256('x'),
            size: 1,
          })
          .execute(),
        'foreign-key',
      );
      await refused(insertVersion(database.db, 999_999, seeded.principalId, 'v9'), 'foreign-key');
    });

    it('refuses malformed times, digests, statuses, roles and flags', async () => {
      const base = { name: 'n2', public: 0 as const, gate_policy: null, created_at: T0 };
      await refused(
        database.db
          .insertInto('namespaces')
          .values({ ...base, created_at: '2026-11-26 09:47:23' })
          .execute(),
        'check',
      );
      await refused(
        database.db
          .insertInto('blobs')
          .values({ sha256: 'ABC', size: 1, encrypted: 0, created_at: T0 })
          .execute(),
        'check',
      );
      await refused(
        database.db
          .insertInto('blobs')
          .values({ sha256: hexSha256('b').toUpperCase(), size: 1, encrypted: 0, created_at: T0 })
          .execute(),
        'check',
      );
      await refused(
        database.db
          .updateTable('model_versions')
          .set({ status: 'published' as 'ready' })
          .where('id', '=', seeded.versionId)
          .execute(),
        'check',
      );
      await refused(
        database.db
          .insertInto('grants')
          .values({
            namespace: 'ns',
            principal_id: seeded.principalId,
            role: 'owner' as 'admin',
            created_at: T0,
          })
          .execute(),
        'check',
      );
      await refused(
        database.db
          .insertInto('namespaces')
          .values({ ...base, public: 2 as 1 })
          .execute(),
        'check',
      );
    });

    it('returns the same JavaScript values on both engines', async () => {
      const big = 2 ** 40 + 3; // past 32 bits: a bigint column
      const sha = hexSha256('weights');
      await database.db
        .insertInto('blobs')
        .values({ sha256: sha, size: big, encrypted: 1, created_at: T0 })
        .execute();
      await database.db
        .insertInto('version_files')
        .values({ version_id: seeded.versionId, path: 'model.safetensors', sha256: sha, size: big })
        .execute();
      const row = await database.db
        .selectFrom('version_files')
        .innerJoin('blobs', 'blobs.sha256', 'version_files.sha256')
        .select(['version_files.size', 'blobs.encrypted', 'blobs.created_at'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { size: big, encrypted: 1, created_at: T0 });
      const version = await database.db
        .selectFrom('model_versions')
        .select(['id', 'status', 'metrics'])
        .where('id', '=', seeded.versionId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(version, {
        id: seeded.versionId,
        status: 'ready',
        metrics: '{"accuracy":0.91}',
      });
    });
  });
}
