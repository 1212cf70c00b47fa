import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { memoryGrantStore } from './grant-store.ts';
import { TOKEN_ID_LENGTH, parseToken } from './token-format.ts';
import { memoryTokenStore } from './token-store.ts';
import { MAX_TOKEN_LIFETIME_MS, authenticateToken, createToken, verifyToken } from './tokens.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const SCOPE = [{ namespace: 'vision', role: 'publisher' }] as const;

async function mint(lifetimeMs = 30 * DAY) {
  const store = memoryTokenStore();
  const created = await createToken(store, { principal: 'ci', scope: SCOPE, lifetimeMs, now: T0 });
  return { store, ...created };
}

describe('createToken', () => {
  it('returns mlsr_ + 43 base64url characters and stores only its SHA-256 and public id', async () => {
    const { store, token, record } = await mint();
    assert.match(token, /^mlsr_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token.slice(5), 'base64url').length, 32);
    assert.equal(record.secretHash, createHash('sha256').update(token).digest('hex'));
    assert.equal(record.id, token.slice(5, 5 + TOKEN_ID_LENGTH));
    assert.equal(record.expiresAt, T0 + 30 * DAY);
    const stored = await store.findToken(record.id);
    assert.ok(stored);
    assert.equal(JSON.stringify(stored).includes(token.slice(5)), false);
  });

  it('tries another token when the id is taken', async () => {
    const store = memoryTokenStore();
    const fixed = (n: number) => new Uint8Array(n).fill(7);
    const first = await createToken(store, {
      principal: 'a',
      scope: SCOPE,
      lifetimeMs: DAY,
      random: fixed,
    });
    let calls = 0;
    const second = await createToken(store, {
      principal: 'b',
      scope: SCOPE,
      lifetimeMs: DAY,
      random: (n) => new Uint8Array(n).fill(calls++ === 0 ? 7 : 9),
    });
    assert.notEqual(first.record.id, second.record.id);
    assert.equal(calls, 2);
  });

  it('refuses a missing scope, an unknown role, and a lifetime of zero or past a year', async () => {
    const store = memoryTokenStore();
    const bad = [
      { principal: 'a', scope: [], lifetimeMs: DAY },
      { principal: 'a', scope: [{ namespace: 'v', role: 'root' }], lifetimeMs: DAY },
      { principal: 'a', scope: SCOPE, lifetimeMs: 0 },
      { principal: 'a', scope: SCOPE, lifetimeMs: MAX_TOKEN_LIFETIME_MS + 1 },
      { principal: '', scope: SCOPE, lifetimeMs: DAY },
    ];
    for (const options of bad) {
      await assert.rejects(
        // @ts-expect-error -- the unknown role is the point of one case
        createToken(store, options),
        (e: unknown) => isMlsecError(e) && e.code === 'REGISTRY_ACCESS_CONFIG_INVALID',
      );
    }
  });
});

describe('verifyToken', () => {
  it('accepts the token until it expires', async () => {
    const { store, token } = await mint();
    assert.equal((await verifyToken(store, token, T0 + DAY)).ok, true);
    assert.deepEqual(await verifyToken(store, token, T0 + 30 * DAY), {
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a revoked token', async () => {
    const { store, token, record } = await mint();
    assert.equal(await store.revokeToken(record.id, T0 + 1), true);
    assert.deepEqual(await verifyToken(store, token, T0 + 2), { ok: false, reason: 'revoked' });
    assert.equal(await store.revokeToken(record.id, T0 + 3), false);
  });

  it('refuses a token whose id is known but whose secret differs', async () => {
    const { store, token } = await mint();
    const last = token.at(-1) === 'A' ? 'E' : 'A';
    const forged = token.slice(0, -1) + last;
    assert.ok(parseToken(forged), 'the forgery is well-formed');
    assert.deepEqual(await verifyToken(store, forged, T0), { ok: false, reason: 'mismatch' });
  });

  it('refuses unknown and malformed tokens', async () => {
    const { store, token } = await mint();
    const other = 'mlsr_' + Buffer.alloc(32, 1).toString('base64url');
    assert.deepEqual(await verifyToken(store, other, T0), { ok: false, reason: 'unknown' });
    const bad = [
      '',
      'mlsr_',
      token + 'A',
      token.slice(0, -1),
      'mlsx_' + token.slice(5),
      token.slice(0, -1) + '+',
    ];
    for (const presented of bad) {
      assert.deepEqual(await verifyToken(store, presented, T0), { ok: false, reason: 'malformed' });
    }
    // A last character with non-zero padding bits does not re-encode to itself.
    const nonCanonical = token.slice(0, -1) + (token.at(-1) === 'B' ? 'C' : 'B');
    assert.deepEqual(await verifyToken(store, nonCanonical, T0), {
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('authenticateToken', () => {
  it('builds a token principal with the scope and the grants held now', async () => {
    const { store, token } = await mint();
    const grants = memoryGrantStore({ ci: [{ namespace: 'vision', role: 'admin' }] });
    const auth = await authenticateToken(store, grants, token, T0);
    assert.ok(auth.ok);
    assert.deepEqual(auth.principal, {
      kind: 'user',
      name: 'ci',
      via: 'token',
      grants: [{ namespace: 'vision', role: 'admin' }],
      scope: SCOPE,
    });
  });
});
