import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from './migrate.ts';
import { writeTransaction } from './write-transaction.ts';
import { appendLogEntry, logSize } from './log-append.ts';
import type { RegistryDatabase } from './open-database.ts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from './testing/test-databases.ts';
import { runInWorker } from './testing/run-in-worker.ts';
import { leafHash, T0 } from './testing/seed.ts';

const PER_WRITER = 60;

for (const engine of TEST_ENGINES) {
  describe(`appendLogEntry under concurrency on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      target = await createTestDatabase(engine, 'log_append');
      database = await target.open();
      await migrateToLatest(database);
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('gives two connections appending at once every index exactly once, in order', async () => {
      const job = {
        op: 'append',
        url: target.url,
        options: target.options,
        count: PER_WRITER,
      } as const;
      const [a, b] = await Promise.all([
        runInWorker<number[]>({ ...job, writer: 'a' }),
        runInWorker<number[]>({ ...job, writer: 'b' }),
      ]);
      // Each writer's own indexes grow (its transactions are sequential) ...
      for (const own of [a, b]) {
        assert.equal(own.length, PER_WRITER);
        assert.deepEqual(
          own,
          [...own].sort((x, y) => x - y),
        );
      }
      // ... and together they are 0 .. 2N-1, with nothing duplicated or missing.
      const all = [...a, ...b].sort((x, y) => x - y);
      assert.deepEqual(
        all,
        Array.from({ length: 2 * PER_WRITER }, (_, i) => i),
      );

      const rows = await database.db
        .selectFrom('log_entries')
        .select(['log_index', 'body', 'leaf_hash'])
        .orderBy('log_index')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.log_index),
        all,
      );
      for (const row of rows) {
        const { writer, i } = JSON.parse(row.body) as { writer: 'a' | 'b'; i: number };
        assert.equal((writer === 'a' ? a : b)[i], row.log_index, row.body);
        assert.deepEqual(Buffer.from(row.leaf_hash), leafHash(row.body));
      }
      assert.equal(await logSize(database.db), 2 * PER_WRITER);
    });

    it('serialises appends from one process sharing a database handle', async () => {
      const start = await logSize(database.db);
      const indexes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          writeTransaction(database, (trx) => {
            const body = JSON.stringify({ writer: 'c', i });
            return appendLogEntry(trx, { kind: 'test', body, leafHash: leafHash(body), at: T0 });
          }),
        ),
      );
      assert.deepEqual(
        [...indexes].sort((x, y) => x - y),
        Array.from({ length: 20 }, (_, i) => start + i),
      );
      assert.equal(await logSize(database.db), start + 20);
    });
  });
}
