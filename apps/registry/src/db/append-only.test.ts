import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { classifyDbError } from './db-errors.ts';
import { writeTransaction } from './write-transaction.ts';
import { appendLogEntry, logSize } from './log-append.ts';
import { APPEND_ONLY_TABLES } from './migrations/append-only.ts';
import type { RegistryDatabase } from './open-database.ts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from './testing/test-databases.ts';
import { insertVersion, leafHash, seedGraph, T0 } from './testing/seed.ts';

const LATER = '2026-11-27T00:00:00.000Z';

async function refusedAppendOnly(query: Promise<unknown>): Promise<void> {
  await assert.rejects(query, (error: unknown) => {
    assert.equal(classifyDbError(error), 'append-only', String(error));
    return true;
  });
}

for (const engine of TEST_ENGINES) {
  describe(`append-only tables on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      target = await createTestDatabase(engine, 'append_only');
      database = await target.open();
      await migrateToLatest(database);
      const { db } = database;
      const s = await seedGraph(db);
      const v2 = await insertVersion(db, s.modelId, s.principalId, 'v2');
      await writeTransaction(database, (trx) =>
        appendLogEntry(trx, { kind: 'k', body: '{"a":1}', leafHash: leafHash('{"a":1}'), at: T0 }),
      );
      await db
        .insertInto('tree_nodes')
        .values({ level: 0, node_index: 0, hash: leafHash('{"a":1}') })
        .execute();
      await db
        .insertInto('checkpoints')
        .values({ tree_size: 1, root_hash: leafHash('{"a":1}'), note: 'origin\n1\n…\n', at: T0 })
        .execute();
      await db
        .insertInto('alias_events')
        .values({
          alias_id: s.aliasId,
          from_version_id: s.versionId,
          to_version_id: v2,
          actor_id: s.principalId,
          reason: 'promote',
          at: T0,
        })
        .execute();
      await db
        .insertInto('approvals')
        .values({ version_id: v2, alias: 'production', approver_id: s.principalId, at: T0 })
        .execute();
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    for (const table of APPEND_ONLY_TABLES) {
      it(`${table}: refuses UPDATE and DELETE and keeps its row`, async () => {
        const before = await sql`select * from ${sql.table(table)}`.execute(database.db);
        assert.equal(before.rows.length, 1);
        const column = table === 'tree_nodes' ? 'level' : table === 'log_entries' ? 'kind' : 'at';
        const value = column === 'level' ? 1 : column === 'kind' ? 'edited' : LATER;
        await refusedAppendOnly(
          sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value}`.execute(database.db),
        );
        await refusedAppendOnly(sql`delete from ${sql.table(table)}`.execute(database.db));
        if (engine === 'postgres') {
          await refusedAppendOnly(sql`truncate ${sql.table(table)} cascade`.execute(database.db));
        }
        const after = await sql`select * from ${sql.table(table)}`.execute(database.db);
        assert.deepEqual(after.rows, before.rows);
      });
    }

    it('still accepts inserts into them', async () => {
      const body = '{"a":2}';
      const index = await writeTransaction(database, (trx) =>
        appendLogEntry(trx, { kind: 'k', body, leafHash: leafHash(body), at: T0 }),
      );
      assert.equal(index, 1);
    });

    it('lets the log sequencer move forward by one only', async () => {
      await refusedAppendOnly(
        database.db.updateTable('log_head').set({ size: 0 }).where('id', '=', 1).execute(),
      );
      await refusedAppendOnly(
        database.db.updateTable('log_head').set({ size: 10 }).where('id', '=', 1).execute(),
      );
      await refusedAppendOnly(database.db.deleteFrom('log_head').execute());
      assert.equal(await logSize(database.db), 2);
    });

    it('refuses a log entry whose index the sequencer did not hand out', async () => {
      const body = '{"forged":true}';
      for (const logIndex of [2, 5, 0]) {
        await refusedAppendOnly(
          database.db
            .insertInto('log_entries')
            .values({ log_index: logIndex, kind: 'k', body, leaf_hash: leafHash(body), at: T0 })
            .execute(),
        );
      }
      const count = await database.db
        .selectFrom('log_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 2);
    });
  });
}
