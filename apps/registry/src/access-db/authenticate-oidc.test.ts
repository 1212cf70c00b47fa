import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey } from 'jose';
import { authorize } from '../access/authorize.ts';
import { createOidcVerifier } from '../access/oidc.ts';
import type { OidcVerifier } from '../access/oidc.ts';
import { serveJwks } from '../access/testing/jwks-server.ts';
import type { JwksServer } from '../access/testing/jwks-server.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { authenticateBearer } from './authenticate-bearer.ts';
import { grantRole, revokeRole } from './grants.ts';
import { createNamespace } from './namespaces.ts';
import { freshDatabase, refusalOf } from './testing/access-fixture.ts';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'mlsec-registry';

let key: { privateKey: CryptoKey; publicKey: CryptoKey };
let jwks: JwksServer;
let oidc: OidcVerifier;

function jwt(audience = AUDIENCE): Promise<string> {
  return new SignJWT({ sub: 'alice@example.com' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

before(async () => {
  key = await generateKeyPair('ES256', { extractable: true });
  jwks = await serveJwks([{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'ES256' }]);
  oidc = createOidcVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUrl: jwks.url,
    algorithms: ['ES256'],
    namePrefix: 'oidc:',
  });
});
after(() => jwks.close());

for (const engine of TEST_ENGINES) {
  describe(`authenticateBearer with OIDC on ${engine}`, () => {
    let test: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      ({ test, database } = await freshDatabase(engine, 'access_oidc'));
      await createNamespace(database, { actor: 'root', name: 'vision' });
    });
    after(async () => {
      await database.close();
      await test.dispose();
    });

    it('builds an OIDC principal with the grants it holds now', async () => {
      const header = `Bearer ${await jwt()}`;
      let principal = await authenticateBearer(database, header, { oidc });
      assert.deepEqual(principal, {
        kind: 'user',
        name: 'oidc:alice@example.com',
        via: 'oidc',
        grants: [],
      });
      assert.equal(authorize(principal, 'pull', 'vision', { public: false }).allowed, false);
      const grant = {
        actor: 'root',
        namespace: 'vision',
        principal: 'oidc:alice@example.com',
        role: 'approver',
      } as const;
      await grantRole(database, grant);
      principal = await authenticateBearer(database, header, { oidc });
      assert.equal(authorize(principal, 'approve', 'vision', { public: false }).allowed, true);
      assert.equal(authorize(principal, 'push', 'vision', { public: false }).allowed, false);
      await revokeRole(database, grant);
      principal = await authenticateBearer(database, header, { oidc });
      assert.equal(authorize(principal, 'approve', 'vision', { public: false }).allowed, false);
    });

    it('refuses a JWT for another audience, and any JWT when OIDC is not configured', async () => {
      assert.equal(await refusalOf(database, `Bearer ${await jwt('other')}`, { oidc }), 'audience');
      assert.equal(await refusalOf(database, `Bearer ${await jwt()}`), 'no-oidc');
      assert.equal(await refusalOf(database, 'Bearer not.a.jwt', { oidc }), 'malformed');
    });
  });
}
