import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { memoryGrantStore } from './grant-store.ts';
import { authenticateOidc, createOidcVerifier } from './oidc.ts';
import type { OidcSettings } from './oidc.ts';
import { serveJwks } from './testing/jwks-server.ts';
import type { JwksServer } from './testing/jwks-server.ts';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'mlsec-registry';

let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };
let jwks: JwksServer;

function settings(extra: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUrl: jwks.url,
    algorithms: ['RS256', 'ES256'],
    ...extra,
  };
}

async function sign(
  claims: JWTPayload,
  options: { key?: CryptoKey; alg?: string; kid?: string; exp?: number | string } = {},
): Promise<string> {
  const jwt = new SignJWT({ sub: 'alice@example.com', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'rsa-1' })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt();
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  else jwt.setExpirationTime('10m');
  return jwt.sign(options.key ?? rsa.privateKey);
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

before(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  ec = await generateKeyPair('ES256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  jwks = await serveJwks([
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ]);
});

after(async () => {
  await jwks.close();
});

describe('createOidcVerifier', () => {
  it('accepts RS256 and ES256 tokens from the JWKS and names the principal from sub', async () => {
    const verifier = createOidcVerifier(settings());
    const r = await verifier.verify(await sign({}));
    assert.ok(r.ok);
    assert.equal(r.name, 'alice@example.com');
    const e = await verifier.verify(
      await sign({}, { key: ec.privateKey, alg: 'ES256', kid: 'ec-1' }),
    );
    assert.ok(e.ok);
    assert.ok(jwks.requests() >= 1);
  });

  it('maps another claim with a prefix', async () => {
    const verifier = createOidcVerifier(settings({ principalClaim: 'email', namePrefix: 'oidc:' }));
    const r = await verifier.verify(await sign({ email: 'bob@example.com' }));
    assert.ok(r.ok);
    assert.equal(r.name, 'oidc:bob@example.com');
    const missing = await verifier.verify(await sign({}));
    assert.equal(missing.ok ? '' : missing.reason, 'claim');
  });

  it('refuses an expired token beyond the clock skew, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const verifier = createOidcVerifier(settings({ clockSkewSeconds: 30 }));
    const stale = await verifier.verify(await sign({}, { exp: now - 120 }));
    assert.equal(stale.ok ? '' : stale.reason, 'expired');
    const skewed = await verifier.verify(await sign({}, { exp: now - 5 }));
    assert.equal(skewed.ok, true);
  });

  it('refuses a token not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await createOidcVerifier(settings()).verify(await sign({ nbf: now + 3600 }));
    assert.equal(r.ok ? '' : r.reason, 'not-yet-valid');
  });

  it('refuses a token without exp', async () => {
    const jwt = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(rsa.privateKey);
    const r = await createOidcVerifier(settings()).verify(jwt);
    assert.equal(r.ok ? '' : r.reason, 'claim');
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    const verifier = createOidcVerifier(settings());
    const iss = await verifier.verify(await sign({ iss: 'https://evil.test' }));
    assert.equal(iss.ok ? '' : iss.reason, 'issuer');
    const aud = await verifier.verify(await sign({ aud: 'someone-else' }));
    assert.equal(aud.ok ? '' : aud.reason, 'audience');
  });

  it('refuses a signature by a key outside the JWKS that claims a known kid', async () => {
    const r = await createOidcVerifier(settings()).verify(
      await sign({}, { key: stranger.privateKey }),
    );
    assert.equal(r.ok ? '' : r.reason, 'signature');
  });

  it('refuses a token whose signature bytes were altered', async () => {
    const jwt = await sign({});
    const [h, p, s = ''] = jwt.split('.');
    const flipped = (s.startsWith('A') ? 'B' : 'A') + s.slice(1);
    const r = await createOidcVerifier(settings()).verify(`${h}.${p}.${flipped}`);
    assert.equal(r.ok ? '' : r.reason, 'signature');
  });

  it('refuses an unknown kid', async () => {
    const r = await createOidcVerifier(settings()).verify(
      await sign({}, { key: stranger.privateKey, kid: 'nope' }),
    );
    assert.equal(r.ok ? '' : r.reason, 'unknown-key');
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = `${b64({ alg: 'none', kid: 'rsa-1' })}.${b64({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`;
    const r = await createOidcVerifier(settings()).verify(jwt);
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.reason, 'algorithm');
  });

  it('refuses HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const pem = await exportSPKI(rsa.publicKey);
    const input = `${b64({ alg: 'HS256', kid: 'rsa-1' })}.${b64({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}`;
    const mac = createHmac('sha256', pem).update(input).digest('base64url');
    const r = await createOidcVerifier(settings()).verify(`${input}.${mac}`);
    assert.equal(r.ok ? '' : r.reason, 'algorithm');
  });

  it('refuses an algorithm outside the configured allow-list', async () => {
    const verifier = createOidcVerifier(settings({ algorithms: ['RS256'] }));
    const r = await verifier.verify(
      await sign({}, { key: ec.privateKey, alg: 'ES256', kid: 'ec-1' }),
    );
    assert.equal(r.ok ? '' : r.reason, 'algorithm');
  });

  it('refuses garbage and over-long input as malformed', async () => {
    const verifier = createOidcVerifier(settings());
    for (const jwt of ['', 'a.b', 'not a jwt', 'x'.repeat(20_000)]) {
      const r = await verifier.verify(jwt);
      assert.equal(r.ok ? '' : r.reason, 'malformed', jwt.slice(0, 20));
    }
  });

  it('reports an unreachable JWKS', async () => {
    const down = await serveJwks([]);
    const url = down.url;
    await down.close();
    const r = await createOidcVerifier(settings({ jwksUrl: url, jwksTimeoutMs: 1000 })).verify(
      await sign({}),
    );
    assert.equal(r.ok ? '' : r.reason, 'jwks-unavailable');
  });

  it('refuses symmetric or none algorithms, plain http off loopback, and bad skew in the settings', () => {
    const bad: Partial<OidcSettings>[] = [
      { algorithms: ['HS256'] },
      { algorithms: ['none'] },
      { algorithms: [] },
      { jwksUrl: 'http://idp.test/jwks' },
      { jwksUrl: 'https://user:pw@idp.test/jwks' },
      { jwksUrl: 'not a url' },
      { clockSkewSeconds: 3600 },
      { issuer: '' },
      { audience: [] },
    ];
    for (const extra of bad) {
      assert.throws(
        () => createOidcVerifier(settings(extra)),
        (e: unknown) => isMlsecError(e) && e.code === 'REGISTRY_ACCESS_CONFIG_INVALID',
        JSON.stringify(extra),
      );
    }
  });
});

describe('authenticateOidc', () => {
  it('builds an oidc principal with the grants of the mapped name', async () => {
    const grants = memoryGrantStore({
      'alice@example.com': [{ namespace: 'vision', role: 'approver' }],
    });
    const auth = await authenticateOidc(createOidcVerifier(settings()), grants, await sign({}));
    assert.ok(auth.ok);
    assert.deepEqual(auth.principal, {
      kind: 'user',
      name: 'alice@example.com',
      via: 'oidc',
      grants: [{ namespace: 'vision', role: 'approver' }],
    });
  });
});
