import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { createTestDatabase, TEST_POSTGRES_URL } from './testing/test-databases.ts';

describe('migrateToLatest on PostgreSQL while other schemas come and go', () => {
  it('migrates every database even as other test files drop their schemas', async () => {
    // Another client creates and drops schemas (with tables) in a loop, as parallel test files do.
    const churn = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `t_churn_${process.pid}_${i}`;
        await churn.query(`create schema ${name}`);
        await churn.query(`create table ${name}.a (id int primary key, v text)`);
        await churn.query(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 12; i++) {
        const target = await createTestDatabase('postgres', 'migrate_churn');
        const database = await target.open();
        try {
          assert.equal((await migrateToLatest(database)).length > 0, true);
        } finally {
          await database.close();
          await target.dispose();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  });
});
