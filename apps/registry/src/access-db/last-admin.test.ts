import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import type { RegistryDatabase } from '../db/open-database.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { authenticateBearer } from './authenticate-bearer.ts';
import { grantRole, revokeRole } from './grants.ts';
import { initRegistry } from './init-registry.ts';
import { liveAdminTokens } from './last-admin.ts';
import { createNamespace } from './namespaces.ts';
import { createToken, revokeToken } from './token-admin.ts';
import { freshDatabase, ledgerReport, logKinds, rejectsWith } from './testing/access-fixture.ts';

const DAY = 86_400_000;
const GLOBAL_ADMIN = [{ namespace: '*', role: 'admin' }] as const;

for (const engine of TEST_ENGINES) {
  describe(`the last registry-wide admin on ${engine}`, () => {
    let test: TestDatabase;
    let database: RegistryDatabase;
    let rootToken: { token: string; id: string };

    const global = (principal: string) =>
      ({ actor: 'root', namespace: '*', principal, role: 'admin' }) as const;
    async function signsIn(token: string): Promise<boolean> {
      try {
        return (await authenticateBearer(database, `Bearer ${token}`)).kind === 'user';
      } catch (error) {
        if (isMlsecError(error) && error.code === 'REGISTRY_AUTH_INVALID') return false;
        throw error;
      }
    }
    /** The change is refused with REGISTRY_LAST_ADMIN and leaves no trace in the log. */
    async function refused(change: () => Promise<unknown>): Promise<void> {
      const size = (await logKinds(database)).length;
      await rejectsWith(change(), 'REGISTRY_LAST_ADMIN');
      assert.equal((await logKinds(database)).length, size, 'nothing logged');
    }

    before(async () => {
      ({ test, database } = await freshDatabase(engine, 'last_admin'));
      const init = await initRegistry(database, { adminName: 'root' });
      rootToken = { token: init.token, id: init.tokenId };
      await createNamespace(database, { actor: 'root', name: 'team' });
    });
    after(async () => {
      await database.close();
      await test.dispose();
    });

    it('refuses to revoke the only grant of admin on *, or the only admin token', async () => {
      await refused(() => revokeRole(database, global('root')));
      await refused(() => revokeToken(database, { actor: 'root', tokenId: rootToken.id }));
      assert.equal(await signsIn(rootToken.token), true, 'the token still works');
      const held = await authenticateBearer(database, `Bearer ${rootToken.token}`);
      assert.deepEqual(held.kind === 'user' ? held.grants : [], [...GLOBAL_ADMIN]);
    });

    it('refuses to take admin from the holder of the last live admin token, even with another admin', async () => {
      assert.equal(await grantRole(database, global('bob')), true);
      // bob is an admin on * but has no token, so root's is still the only way in.
      await refused(() => revokeRole(database, global('root')));
      await refused(() => revokeToken(database, { actor: 'root', tokenId: rootToken.id }));
      // An expired or a revoked admin token, or one scoped to a namespace, signs nobody in either.
      const now = Date.now();
      await createToken(database, {
        actor: 'root',
        principal: 'bob',
        scope: GLOBAL_ADMIN,
        lifetimeMs: DAY,
        now: now - 2 * DAY,
      });
      const revoked = await createToken(database, {
        actor: 'root',
        principal: 'bob',
        scope: GLOBAL_ADMIN,
        lifetimeMs: DAY,
      });
      assert.equal(
        await revokeToken(database, { actor: 'root', tokenId: revoked.record.id }),
        true,
        'bob had no live admin token before it; root keeps its own',
      );
      await createToken(database, {
        actor: 'root',
        principal: 'bob',
        scope: [{ namespace: 'team', role: 'admin' }],
        lifetimeMs: DAY,
      });
      await refused(() => revokeToken(database, { actor: 'root', tokenId: rootToken.id }));
      assert.deepEqual(
        (await liveAdminTokens(database.db, new Date().toISOString())).map((t) => t.principal),
        ['root'],
      );
    });

    it('lets one admin go once another can sign in, then guards the one left', async () => {
      const bob = await createToken(database, {
        actor: 'root',
        principal: 'bob',
        scope: GLOBAL_ADMIN,
        lifetimeMs: DAY,
      });
      assert.equal(await revokeToken(database, { actor: 'bob', tokenId: rootToken.id }), true);
      assert.equal(await signsIn(rootToken.token), false);
      assert.equal(await revokeRole(database, { ...global('root'), actor: 'bob' }), true);
      // Namespace roles never count towards the guard.
      assert.equal(
        await grantRole(database, { ...global('bob'), namespace: 'team', role: 'reader' }),
        true,
      );
      assert.equal(
        await revokeRole(database, { ...global('bob'), namespace: 'team', role: 'reader' }),
        true,
      );
      await refused(() => revokeRole(database, { ...global('bob'), actor: 'bob' }));
      await refused(() => revokeToken(database, { actor: 'bob', tokenId: bob.record.id }));
      assert.equal(await signsIn(bob.token), true);
    });

    it('checks two concurrent revocations one after the other: exactly one is refused', async () => {
      await createToken(database, {
        actor: 'bob',
        principal: 'bob',
        scope: GLOBAL_ADMIN,
        lifetimeMs: DAY,
      });
      const live = await liveAdminTokens(database.db, new Date().toISOString());
      assert.equal(live.length, 2);
      const outcomes = await Promise.allSettled(
        live.map((t) => revokeToken(database, { actor: 'bob', tokenId: t.id })),
      );
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      const failure = outcomes.find((o) => o.status === 'rejected');
      assert.ok(
        failure !== undefined && isMlsecError(failure.reason),
        'the refusal is an MlsecError',
      );
      assert.equal(failure.reason.code, 'REGISTRY_LAST_ADMIN');
      assert.equal((await liveAdminTokens(database.db, new Date().toISOString())).length, 1);
    });

    it('logged only the changes it allowed: the ledger verifies and implies the tables', async () => {
      const report = await ledgerReport(database);
      assert.deepEqual(report.problems, []);
      const grants = await database.db
        .selectFrom('grants')
        .innerJoin('principals', 'principals.id', 'grants.principal_id')
        .select(['principals.name', 'grants.namespace', 'grants.role'])
        .execute();
      assert.deepEqual(grants, [{ name: 'bob', namespace: '*', role: 'admin' }]);
    });
  });
}
