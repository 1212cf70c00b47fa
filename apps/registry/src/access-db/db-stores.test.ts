import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { authorize } from '../access/authorize.ts';
import { ANONYMOUS } from '../access/principal.ts';
import type { Principal } from '../access/principal.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { keyOf } from '../events/replay.ts';
import { authenticateBearer } from './authenticate-bearer.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { DbTokenStore } from './db-token-store.ts';
import { grantRole, revokeRole } from './grants.ts';
import { createNamespace } from './namespaces.ts';
import { createToken, revokeToken } from './token-admin.ts';
import {
  dumpTables,
  freshDatabase,
  ledgerReport,
  logKinds,
  refusalOf,
  rejectsWith,
} from './testing/access-fixture.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const ADMIN = 'root-admin';

function may(principal: Principal, action: 'pull' | 'push' | 'grant', namespace: string) {
  return authorize(principal, action, namespace, { public: false }).allowed;
}

for (const engine of TEST_ENGINES) {
  describe(`database access stores on ${engine}`, () => {
    let test: TestDatabase;
    let database: RegistryDatabase;
    const secrets: string[] = [];

    async function mint(
      scope: { namespace: string; role: 'reader' | 'publisher' }[],
      life = 30 * DAY,
    ) {
      const created = await createToken(database, {
        actor: ADMIN,
        principal: 'ci',
        scope,
        lifetimeMs: life,
        now: T0,
      });
      secrets.push(created.token);
      return created;
    }

    before(async () => {
      ({ test, database } = await freshDatabase(engine, 'access_db'));
      await createNamespace(database, { actor: ADMIN, name: 'vision', now: T0 });
      await createNamespace(database, { actor: ADMIN, name: 'team', public: true, now: T0 });
      assert.equal(
        await grantRole(database, {
          actor: ADMIN,
          namespace: 'vision',
          principal: 'ci',
          role: 'publisher',
          kind: 'service',
          now: T0,
        }),
        true,
      );
    });
    after(async () => {
      await database.close();
      await test.dispose();
    });

    it('logs namespace creation and the first grant, and refuses a second namespace of a name', async () => {
      assert.deepEqual(await logKinds(database), [
        'namespace_created',
        'namespace_created',
        'grant_changed',
      ]);
      await rejectsWith(
        createNamespace(database, { actor: ADMIN, name: 'vision' }),
        'REGISTRY_NAMESPACE_EXISTS',
      );
      for (const name of ['*', '', '../x', 'a b', 'x'.repeat(129)]) {
        await rejectsWith(
          createNamespace(database, { actor: ADMIN, name }),
          'REGISTRY_REQUEST_INVALID',
        );
      }
      const ns = await database.db
        .selectFrom('namespaces')
        .select(['name', 'public'])
        .orderBy('name')
        .execute();
      assert.deepEqual(ns, [
        { name: 'team', public: 1 },
        { name: 'vision', public: 0 },
      ]);
      assert.equal((await logKinds(database)).length, 3);
    });

    it('round-trips a token: stored as SHA-256, authenticated with its scope and current grants', async () => {
      const before = (await logKinds(database)).length;
      const { token, record } = await mint([{ namespace: 'vision', role: 'publisher' }]);
      assert.equal(record.secretHash, createHash('sha256').update(token).digest('hex'));
      const stored = await new DbTokenStore(database).findToken(record.id);
      assert.deepEqual(stored, record);
      const row = await database.db
        .selectFrom('api_tokens')
        .select(['secret_sha256', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, {
        secret_sha256: record.secretHash,
        created_at: new Date(T0).toISOString(),
        expires_at: new Date(T0 + 30 * DAY).toISOString(),
        revoked_at: null,
        last_used_at: null,
      });
      const principal = await authenticateBearer(database, `Bearer ${token}`, { now: T0 + DAY });
      assert.deepEqual(principal, {
        kind: 'user',
        name: 'ci',
        via: 'token',
        grants: [{ namespace: 'vision', role: 'publisher' }],
        scope: [{ namespace: 'vision', role: 'publisher' }],
      });
      // The scheme is case-insensitive (RFC 9110 §11.6.2).
      assert.equal(
        (await authenticateBearer(database, `bearer  ${token}`, { now: T0 })).kind,
        'user',
      );
      const logged = await database.db
        .selectFrom('log_entries')
        .select(['kind', 'body'])
        .where('log_index', '=', before)
        .executeTakeFirstOrThrow();
      assert.equal(logged.kind, 'token_created');
      assert.deepEqual(JSON.parse(logged.body), {
        at: new Date(T0).toISOString(),
        by: ADMIN,
        expiresAt: new Date(T0 + 30 * DAY).toISOString(),
        kind: 'token_created',
        principal: 'ci',
        scope: [{ namespace: 'vision', role: 'publisher' }],
        secretSha256: record.secretHash,
        tokenId: record.id,
      });
      // Authentication writes last_used_at, and logs nothing.
      const used = await database.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      assert.equal(used.last_used_at, new Date(T0 + DAY).toISOString());
      assert.equal((await logKinds(database)).length, before + 1);
    });

    it('is anonymous without a header, and refuses every bad credential with one message', async () => {
      assert.equal(await authenticateBearer(database, undefined), ANONYMOUS);
      const { token, record } = await mint([{ namespace: 'vision', role: 'reader' }], DAY);
      const at = { now: T0 + DAY / 2 };
      assert.equal(await refusalOf(database, `Bearer ${token}`, { now: T0 + DAY }), 'expired');
      const last = token.at(-1) === 'A' ? 'E' : 'A';
      assert.equal(
        await refusalOf(database, `Bearer ${token.slice(0, -1)}${last}`, at),
        'mismatch',
      );
      const unknown = 'mlsr_' + randomBytes(32).toString('base64url');
      assert.equal(await refusalOf(database, `Bearer ${unknown}`, at), 'unknown');
      for (const bad of ['mlsr_abc', `${token}A`, token.slice(0, -1), `${token.slice(0, -1)}+`]) {
        assert.equal(await refusalOf(database, `Bearer ${bad}`, at), 'malformed', bad);
      }
      for (const header of [
        '',
        'Bearer',
        'Bearer ',
        `Basic ${token}`,
        `Bearer ${token} x`,
        `Bearer\t${token}`,
        `Bearer ${'a'.repeat(20_000)}`,
      ]) {
        assert.equal(await refusalOf(database, header, at), 'header', header.slice(0, 20));
      }
      // Without an OIDC verifier, a credential that is not an API token is refused.
      assert.equal(await refusalOf(database, 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig', at), 'no-oidc');
      // Revoked from the next request on; revoking twice is a no-op; an unknown id is not found.
      assert.equal((await authenticateBearer(database, `Bearer ${token}`, at)).kind, 'user');
      const size = (await logKinds(database)).length;
      assert.equal(
        await revokeToken(database, { actor: ADMIN, tokenId: record.id, now: T0 + 1000 }),
        true,
      );
      assert.equal(await refusalOf(database, `Bearer ${token}`, at), 'revoked');
      assert.equal(await revokeToken(database, { actor: ADMIN, tokenId: record.id }), false);
      await rejectsWith(
        revokeToken(database, { actor: ADMIN, tokenId: 'nonexistent0' }),
        'REGISTRY_NOT_FOUND',
      );
      assert.deepEqual((await logKinds(database)).slice(size), ['token_revoked']);
    });

    it('gives a token the intersection of its scope and the grants held now', async () => {
      const { token } = await mint([
        { namespace: 'vision', role: 'reader' },
        { namespace: 'team', role: 'publisher' },
      ]);
      const header = `Bearer ${token}`;
      let p = await authenticateBearer(database, header, { now: T0 });
      assert.equal(may(p, 'pull', 'vision'), true, 'scope reader, grant publisher');
      assert.equal(may(p, 'push', 'vision'), false, 'the scope stops push');
      assert.equal(may(p, 'push', 'team'), false, 'no grant in team yet');
      const grant = {
        actor: ADMIN,
        namespace: 'team',
        principal: 'ci',
        role: 'publisher',
      } as const;
      assert.equal(await grantRole(database, grant), true);
      assert.equal(await grantRole(database, grant), false, 'already held: nothing to log');
      p = await authenticateBearer(database, header, { now: T0 });
      assert.equal(may(p, 'push', 'team'), true, 'the grant counts at once');
      assert.equal(await revokeRole(database, grant), true);
      assert.equal(await revokeRole(database, grant), false);
      p = await authenticateBearer(database, header, { now: T0 });
      assert.equal(may(p, 'push', 'team'), false, 'the revocation counts at once');
      assert.equal(may(p, 'grant', 'vision'), false);
      const kinds = await logKinds(database);
      assert.deepEqual(kinds.slice(-3), ['token_created', 'grant_changed', 'grant_changed']);
    });

    it('refuses grants and tokens that name what does not exist, and logs nothing for them', async () => {
      const size = (await logKinds(database)).length;
      await rejectsWith(
        grantRole(database, { actor: ADMIN, namespace: 'nope', principal: 'ci', role: 'reader' }),
        'REGISTRY_NOT_FOUND',
      );
      await rejectsWith(
        // @ts-expect-error -- an unknown role is the point
        grantRole(database, { actor: ADMIN, namespace: 'vision', principal: 'ci', role: 'root' }),
        'REGISTRY_REQUEST_INVALID',
      );
      await rejectsWith(
        grantRole(database, {
          actor: ADMIN,
          namespace: 'vision',
          principal: 'a\nb',
          role: 'reader',
        }),
        'REGISTRY_REQUEST_INVALID',
      );
      const scope = [{ namespace: 'vision', role: 'reader' }] as const;
      await rejectsWith(
        createToken(database, { actor: ADMIN, principal: 'ghost', scope, lifetimeMs: DAY }),
        'REGISTRY_NOT_FOUND',
      );
      await rejectsWith(
        createToken(database, {
          actor: ADMIN,
          principal: 'ci',
          scope: [{ namespace: 'nope', role: 'reader' }],
          lifetimeMs: DAY,
        }),
        'REGISTRY_NOT_FOUND',
      );
      await rejectsWith(
        createToken(database, { actor: ADMIN, principal: 'ci', scope: [], lifetimeMs: DAY }),
        'REGISTRY_ACCESS_CONFIG_INVALID',
      );
      assert.equal((await logKinds(database)).length, size);
      assert.equal(
        await revokeRole(database, {
          actor: ADMIN,
          namespace: 'vision',
          principal: 'ghost',
          role: 'reader',
        }),
        false,
      );
    });

    it('refuses to write through a store opened without an actor', async () => {
      const at = new Date(T0).toISOString();
      await rejectsWith(
        new DbGrantStore(database).grant({
          namespace: 'vision',
          principal: 'x',
          role: 'reader',
          at,
        }),
        'REGISTRY_ACCESS_CONFIG_INVALID',
      );
      await rejectsWith(
        new DbTokenStore(database).revokeToken('x', T0),
        'REGISTRY_ACCESS_CONFIG_INVALID',
      );
    });

    it('refuses a token whose stored scope was edited into something the registry never writes', async () => {
      const { token, record } = await mint([{ namespace: 'vision', role: 'reader' }]);
      for (const scope of [
        '[{"namespace":"vision","role":"root"}]',
        '{}',
        '[]',
        'x',
        '[{"namespace":"vision","role":"admin","x":1}]',
      ]) {
        await database.db
          .updateTable('api_tokens')
          .set({ scope })
          .where('id', '=', record.id)
          .execute();
        await rejectsWith(
          authenticateBearer(database, `Bearer ${token}`, { now: T0 }),
          'REGISTRY_DB_ROW_INVALID',
        );
      }
      await revokeToken(database, { actor: ADMIN, tokenId: record.id, now: T0 });
    });

    it('lets only a registry-wide admin mint an approver or admin token for someone else', async () => {
      const grant = (principal: string, namespace: string, role: 'admin' | 'approver') =>
        grantRole(database, { actor: ADMIN, namespace, principal, role, kind: 'user', now: T0 });
      await grant('lead', 'vision', 'admin');
      await grant('alice', 'vision', 'approver');
      const mintAs = (actor: string, principal: string, role: 'publisher' | 'approver') =>
        createToken(database, {
          actor,
          principal,
          scope: [{ namespace: 'vision', role }],
          lifetimeMs: DAY,
          now: T0,
        });
      // A namespace admin holding alice's approver token could approve in her name.
      await rejectsWith(mintAs('lead', 'alice', 'approver'), 'REGISTRY_ACCESS_DENIED');
      secrets.push((await mintAs('lead', 'ci', 'publisher')).token);
      await grant(ADMIN, '*', 'admin');
      secrets.push((await mintAs(ADMIN, 'alice', 'approver')).token);
    });

    it('logged every change: the ledger verifies and implies the tables', async () => {
      const report = await ledgerReport(database);
      assert.deepEqual(report.problems, []);
      const grants = await database.db
        .selectFrom('grants')
        .innerJoin('principals', 'principals.id', 'grants.principal_id')
        .select(['grants.namespace', 'principals.name', 'grants.role'])
        .execute();
      const implied = [...report.state.grants].flatMap(([key, roles]) =>
        [...roles].map((role) => `${key}:${role}`),
      );
      assert.deepEqual(
        implied.sort(),
        grants.map((g) => `${keyOf(g.namespace, g.name)}:${g.role}`).sort(),
      );
      const tokens = await database.db
        .selectFrom('api_tokens')
        .select(['id', 'secret_sha256', 'revoked_at'])
        .execute();
      assert.equal(report.state.tokens.size, tokens.length);
      for (const row of tokens) {
        const state = report.state.tokens.get(row.id);
        assert.equal(state?.secretSha256, row.secret_sha256);
        assert.equal(state.revoked, row.revoked_at !== null);
      }
      assert.deepEqual([...report.state.namespaces.keys()].sort(), ['team', 'vision']);
    });

    it('keeps no token secret in any table or log entry', async () => {
      assert.ok(secrets.length >= 4);
      const dump = await dumpTables(database);
      for (const token of secrets) {
        // The id (first 12 characters after mlsr_) is public; the rest of the token is not.
        assert.equal(dump.includes(token.slice(5 + 12)), false);
        assert.equal(
          dump.includes(Buffer.from(token.slice(5), 'base64url').toString('hex')),
          false,
        );
      }
    });
  });
}
