import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorize } from '../access/authorize.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { keyOf } from '../events/replay.ts';
import { authenticateBearer } from './authenticate-bearer.ts';
import { INIT_TOKEN_LIFETIME_MS, initRegistry } from './init-registry.ts';
import { createNamespace } from './namespaces.ts';
import {
  dumpTables,
  freshDatabase,
  ledgerReport,
  logKinds,
  refusalOf,
  rejectsWith,
} from './testing/access-fixture.ts';

const T0 = Date.UTC(2026, 10, 1);

for (const engine of TEST_ENGINES) {
  describe(`initRegistry on ${engine}`, () => {
    let test: TestDatabase;
    let database: RegistryDatabase;
    let token: string;
    before(async () => {
      // Not migrated: init migrates.
      ({ test, database } = await freshDatabase(engine, 'access_init', false));
    });
    after(async () => {
      await database.close();
      await test.dispose();
    });

    it('refuses an admin name that is not a name, and leaves the database empty', async () => {
      for (const adminName of ['', ' alice', 'a\u0000b', 'x'.repeat(257)]) {
        await rejectsWith(initRegistry(database, { adminName }), 'REGISTRY_REQUEST_INVALID');
      }
    });

    it('migrates, makes one admin with a registry-wide grant and a one-time token, all logged', async () => {
      const result = await initRegistry(database, { adminName: 'alice', now: T0 });
      token = result.token;
      assert.match(token, /^mlsr_[A-Za-z0-9_-]{43}$/);
      assert.equal(result.adminName, 'alice');
      assert.equal(result.tokenId, token.slice(5, 17));
      assert.equal(result.expiresAt, T0 + INIT_TOKEN_LIFETIME_MS);
      const principals = await database.db
        .selectFrom('principals')
        .select(['name', 'kind'])
        .execute();
      assert.deepEqual(principals, [{ name: 'alice', kind: 'user' }]);
      const grants = await database.db.selectFrom('grants').select(['namespace', 'role']).execute();
      assert.deepEqual(grants, [{ namespace: '*', role: 'admin' }]);
      assert.deepEqual(await logKinds(database), ['grant_changed', 'token_created']);
      const report = await ledgerReport(database);
      assert.deepEqual(report.problems, []);
      assert.deepEqual([...(report.state.grants.get(keyOf('*', 'alice')) ?? [])], ['admin']);
      assert.equal(report.state.tokens.get(result.tokenId)?.principal, 'alice');
    });

    it('hands out a token that is admin in every namespace', async () => {
      await createNamespace(database, { actor: 'alice', name: 'later', now: T0 });
      const principal = await authenticateBearer(database, `Bearer ${token}`, { now: T0 + 1 });
      for (const namespace of ['later', 'not-yet-created']) {
        for (const action of ['grant', 'push', 'approve', 'token-create'] as const) {
          assert.equal(authorize(principal, action, namespace, undefined).allowed, true, action);
        }
      }
      assert.equal(
        await refusalOf(database, `Bearer ${token}`, { now: T0 + INIT_TOKEN_LIFETIME_MS }),
        'expired',
      );
    });

    it('refuses to run twice, logging nothing and minting nothing', async () => {
      const size = (await logKinds(database)).length;
      await rejectsWith(
        initRegistry(database, { adminName: 'mallory' }),
        'REGISTRY_ALREADY_INITIALISED',
      );
      await rejectsWith(
        initRegistry(database, { adminName: 'alice' }),
        'REGISTRY_ALREADY_INITIALISED',
      );
      assert.equal((await logKinds(database)).length, size);
      const tokens = await database.db.selectFrom('api_tokens').select('id').execute();
      assert.equal(tokens.length, 1);
      assert.deepEqual((await ledgerReport(database)).problems, []);
    });

    it('stores no secret: not the token, not its random bytes', async () => {
      const dump = await dumpTables(database);
      assert.equal(dump.includes(token.slice(17)), false);
      assert.equal(dump.includes(Buffer.from(token.slice(5), 'base64url').toString('hex')), false);
    });
  });

  describe(`concurrent initRegistry on ${engine}`, () => {
    it('lets exactly one of several racing inits through', async () => {
      const { test, database } = await freshDatabase(engine, 'access_init_race');
      // PostgreSQL: separate pools, so the inits really run at once; SQLite: one connection per
      // process (better-sqlite3 is synchronous), where BEGIN IMMEDIATE serialises them.
      const others = engine === 'postgres' ? [await test.open(), await test.open()] : [];
      try {
        const all = [database, ...others, database];
        const outcomes = await Promise.allSettled(
          all.map((db, i) => initRegistry(db, { adminName: `admin${i}`, now: T0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        assert.equal(won.length, 1, JSON.stringify(outcomes.map((o) => o.status)));
        for (const o of outcomes) {
          if (o.status === 'rejected') {
            assert.equal((o.reason as { code?: string }).code, 'REGISTRY_ALREADY_INITIALISED');
          }
        }
        const principals = await database.db.selectFrom('principals').select('name').execute();
        assert.equal(principals.length, 1);
        assert.deepEqual((await ledgerReport(database)).problems, []);
      } finally {
        for (const other of others) await other.close();
        await database.close();
        await test.dispose();
      }
    });
  });
}
