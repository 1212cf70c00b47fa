import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from './migrate.ts';
import { writeTransaction } from './write-transaction.ts';
import { appendLogEntry, logSize } from './log-append.ts';
import type { RegistryDatabase } from './open-database.ts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from './testing/test-databases.ts';
import { leafHash, T0 } from './testing/seed.ts';

for (const engine of TEST_ENGINES) {
  describe(`writeTransaction on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      target = await createTestDatabase(engine, 'write_trx');
      database = await target.open();
      await migrateToLatest(database);
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('keeps nothing of a transaction that fails midway, log index included', async () => {
      const failure = new Error('the blob store went away');
      await assert.rejects(
        writeTransaction(database, async (trx) => {
          await trx
            .insertInto('namespaces')
            .values({ name: 'lost', public: 0, gate_policy: null, created_at: T0 })
            .execute();
          const body = '{"kind":"namespace_created","name":"lost"}';
          await appendLogEntry(trx, {
            kind: 'namespace_created',
            body,
            leafHash: leafHash(body),
            at: T0,
          });
          throw failure;
        }),
        (error: unknown) => error === failure,
      );
      const namespaces = await database.db.selectFrom('namespaces').selectAll().execute();
      const entries = await database.db.selectFrom('log_entries').selectAll().execute();
      assert.deepEqual(namespaces, []);
      assert.deepEqual(entries, []);
      assert.equal(await logSize(database.db), 0);
    });

    it('keeps nothing when a statement of the transaction is refused', async () => {
      await assert.rejects(
        writeTransaction(database, async (trx) => {
          await trx
            .insertInto('namespaces')
            .values({ name: 'dup', public: 0, gate_policy: null, created_at: T0 })
            .execute();
          await trx
            .insertInto('namespaces')
            .values({ name: 'dup', public: 0, gate_policy: null, created_at: T0 })
            .execute();
        }),
      );
      assert.deepEqual(await database.db.selectFrom('namespaces').selectAll().execute(), []);
    });

    it('commits everything together when the work succeeds, and the next index follows', async () => {
      const index = await writeTransaction(database, async (trx) => {
        await trx
          .insertInto('namespaces')
          .values({ name: 'kept', public: 1, gate_policy: null, created_at: T0 })
          .execute();
        const body = '{"kind":"namespace_created","name":"kept"}';
        return appendLogEntry(trx, {
          kind: 'namespace_created',
          body,
          leafHash: leafHash(body),
          at: T0,
        });
      });
      assert.equal(index, 0);
      const rows = await database.db.selectFrom('namespaces').select(['name', 'public']).execute();
      assert.deepEqual(rows, [{ name: 'kept', public: 1 }]);
      const entry = await database.db
        .selectFrom('log_entries')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(entry.log_index, 0);
      assert.deepEqual(Buffer.from(entry.leaf_hash), leafHash(entry.body));
    });
  });
}
