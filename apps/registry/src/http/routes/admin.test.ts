import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken, grantRole } from '../../access-db/index.ts';
import { TEST_ENGINES } from '../../db/testing/test-databases.ts';
import type { ErrorBody } from '../errors.ts';
import { startRegistryApp } from '../testing/registry-app.ts';
import type { Method, RegistryApp } from '../testing/registry-app.ts';

const DAY = 86_400_000;

for (const engine of TEST_ENGINES) {
  describe(`token revocation over HTTP on ${engine}`, () => {
    let registry: RegistryApp;
    let nadia: string;

    const call = (token: string | undefined, method: Method, url: string, body?: unknown) =>
      registry.call(token, method, url, body);
    const outcome = async (token: string, url: string) => {
      const res = await call(token, 'DELETE', url);
      return res.statusCode < 300
        ? [res.statusCode, res.json<{ revoked: boolean }>().revoked]
        : [res.statusCode, res.json<ErrorBody>().error.code];
    };
    /** A reader token of zed scoped as given, by its id. */
    const zedToken = async (...namespaces: string[]) =>
      (
        await createToken(registry.database, {
          actor: 'root',
          principal: 'zed',
          scope: namespaces.map((namespace) => ({ namespace, role: 'reader' as const })),
          lifetimeMs: DAY,
        })
      ).record;

    before(async () => {
      registry = await startRegistryApp(engine, 'admin_routes');
      const { database } = registry;
      for (const name of ['team', 'other']) {
        assert.equal((await call(registry.rootToken, 'PUT', `/v1/${name}`, {})).statusCode, 201);
        await grantRole(database, {
          actor: 'root',
          namespace: name,
          principal: 'zed',
          role: 'reader',
        });
      }
      await grantRole(database, {
        actor: 'root',
        namespace: 'team',
        principal: 'nadia',
        role: 'admin',
      });
      const minted = await call(registry.rootToken, 'POST', '/v1/team/tokens', {
        principal: 'nadia',
        roles: ['admin'],
      });
      nadia = minted.json<{ token: string }>().token;
    });
    after(() => registry.close());

    it('revokes a token scoped to the namespace, at once, and logs it', async () => {
      const zed = await createToken(registry.database, {
        actor: 'root',
        principal: 'zed',
        scope: [{ namespace: 'team', role: 'reader' }],
        lifetimeMs: DAY,
      });
      const read = () => call(zed.token, 'GET', '/v1/team/models/bert/versions/1');
      assert.equal((await read()).statusCode, 404, 'zed may read (there is nothing yet)');
      assert.deepEqual(await outcome(nadia, `/v1/team/tokens/${zed.record.id}`), [200, true]);
      assert.deepEqual(await outcome(nadia, `/v1/team/tokens/${zed.record.id}`), [200, false]);
      assert.equal((await read()).statusCode, 401);
      const revoked = await registry.database.db
        .selectFrom('log_entries')
        .select('body')
        .where('kind', '=', 'token_revoked')
        .execute();
      assert.deepEqual(
        revoked.map((r) => (JSON.parse(r.body) as { by: string; tokenId: string }).tokenId),
        [zed.record.id],
      );
    });

    it('does not find a token scoped elsewhere, and refuses one that also reaches where the caller is no admin', async () => {
      const elsewhere = await zedToken('other');
      assert.deepEqual(await outcome(nadia, `/v1/team/tokens/${elsewhere.id}`), [
        404,
        'REGISTRY_NOT_FOUND',
      ]);
      assert.deepEqual(await outcome(nadia, '/v1/team/tokens/nonexistent0'), [
        404,
        'REGISTRY_NOT_FOUND',
      ]);
      const both = await zedToken('team', 'other');
      assert.deepEqual(await outcome(nadia, `/v1/team/tokens/${both.id}`), [
        403,
        'REGISTRY_ACCESS_DENIED',
      ]);
      // The registry's init token is scoped to *: only an admin on * may revoke it.
      assert.deepEqual(await outcome(nadia, `/v1/team/tokens/${registry.rootTokenId}`), [
        403,
        'REGISTRY_ACCESS_DENIED',
      ]);
      assert.deepEqual(await outcome(registry.rootToken, `/v1/other/tokens/${both.id}`), [
        200,
        true,
      ]);
    });

    it('refuses to revoke the last admin token (409 REGISTRY_LAST_ADMIN), which keeps working', async () => {
      assert.deepEqual(
        await outcome(registry.rootToken, `/v1/team/tokens/${registry.rootTokenId}`),
        [409, 'REGISTRY_LAST_ADMIN'],
      );
      const still = await call(registry.rootToken, 'PUT', '/v1/third', {});
      assert.equal(still.statusCode, 201);
    });

    it('refuses a malformed token id before looking it up', async () => {
      for (const id of ['short', 'x'.repeat(13), 'abc%2Fdef1234']) {
        const res = await call(nadia, 'DELETE', `/v1/team/tokens/${id}`);
        assert.equal(res.statusCode, 400, id);
      }
    });
  });
}
