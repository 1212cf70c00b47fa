import { timingSafeEqual } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import type { GrantStore } from './grant-store.ts';
import type { AuthenticatedPrincipal, Grant } from './principal.ts';
import { isRole } from './roles.ts';
import { generateToken, parseToken } from './token-format.ts';
import type { TokenRecord, TokenStore } from './token-store.ts';

/** Longest token lifetime: every token expires, at the latest after a year. */
export const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 3600 * 1000;

/** What a new token is for. */
export interface CreateTokenOptions {
  readonly principal: string;
  readonly scope: readonly Grant[];
  /** Milliseconds until it expires, at most MAX_TOKEN_LIFETIME_MS. */
  readonly lifetimeMs: number;
  readonly description?: string;
  readonly now?: number;
  /** Source of randomness (tests); crypto.randomBytes by default. */
  readonly random?: (size: number) => Uint8Array;
}

/** A new token: `token` is the secret, shown to the user once and never stored; `record` is stored. */
export interface CreatedToken {
  readonly token: string;
  readonly record: TokenRecord;
}

/** Why a presented token was refused (for logs; clients get one generic 401). */
export type TokenRefusal = 'malformed' | 'unknown' | 'mismatch' | 'expired' | 'revoked';

/** The outcome of verifyToken(). */
export type TokenCheck =
  | { readonly ok: true; readonly record: TokenRecord }
  | { readonly ok: false; readonly reason: TokenRefusal };

function invalid(message: string): MlsecError {
  return new MlsecError('REGISTRY_ACCESS_CONFIG_INVALID', message);
}

function checkOptions(options: CreateTokenOptions): void {
  const { principal, scope, lifetimeMs } = options;
  if (principal.length === 0 || principal.length > 256) {
    throw invalid('a token principal must be 1 to 256 characters');
  }
  if (!Number.isSafeInteger(lifetimeMs) || lifetimeMs <= 0 || lifetimeMs > MAX_TOKEN_LIFETIME_MS) {
    throw invalid(`a token lifetime must be a whole number of ms in 1..${MAX_TOKEN_LIFETIME_MS}`);
  }
  if (scope.length === 0) throw invalid('a token needs at least one scope (namespace and role)');
  for (const grant of scope) {
    if (!isRole(grant.role)) throw invalid('a token scope names an unknown role');
    if (grant.namespace.length === 0) throw invalid('a token scope names an empty namespace');
  }
  if ((options.description ?? '').length > 200)
    throw invalid('a token description is at most 200 characters');
}

/**
 * Mint an API token: `mlsr_` + 32 random bytes in base64url. Only the SHA-256 of the token is stored,
 * with its first characters as a public lookup id. Scope and lifetime are required.
 *
 * @example
 * const { token } = await createToken(store, { principal: 'ci', scope: [{ namespace: 'vision', role: 'publisher' }], lifetimeMs: 30 * 86400e3 });
 */
export async function createToken(
  store: TokenStore,
  options: CreateTokenOptions,
): Promise<CreatedToken> {
  checkOptions(options);
  const now = options.now ?? Date.now();
  // 72-bit ids collide only by chance; a few tries make a collision a non-event rather than an error.
  for (let attempt = 0; attempt < 4; attempt++) {
    const token = generateToken(options.random);
    const parts = parseToken(token);
    if (parts === undefined) throw new Error('generated token does not parse');
    const record: TokenRecord = {
      id: parts.id,
      secretHash: parts.secretHash,
      principal: options.principal,
      scope: options.scope.map((g) => ({ namespace: g.namespace, role: g.role })),
      description: options.description ?? '',
      createdAt: now,
      expiresAt: now + options.lifetimeMs,
      revokedAt: null,
    };
    if (await store.insertToken(record)) return { token, record };
  }
  throw new MlsecError(
    'REGISTRY_ACCESS_CONFIG_INVALID',
    'could not store a token with a unique id',
  );
}

/** A fixed digest to compare against when the id is unknown, so that case costs the same as a mismatch. */
const DUMMY_HASH = Buffer.alloc(32);

/**
 * Check a presented token: exact shape, known id, SHA-256 equal in constant time, not revoked, not
 * expired at `now`. Never throws on bad input.
 */
export async function verifyToken(
  store: TokenStore,
  presented: string,
  now: number = Date.now(),
): Promise<TokenCheck> {
  const parts = parseToken(presented);
  if (parts === undefined) return { ok: false, reason: 'malformed' };
  const record = await store.findToken(parts.id);
  const given = Buffer.from(parts.secretHash, 'hex');
  const stored = record === undefined ? DUMMY_HASH : Buffer.from(record.secretHash, 'hex');
  const equal = stored.length === given.length && timingSafeEqual(stored, given);
  if (record === undefined) return { ok: false, reason: 'unknown' };
  if (!equal) return { ok: false, reason: 'mismatch' };
  if (record.revokedAt !== null && record.revokedAt <= now) return { ok: false, reason: 'revoked' };
  if (now >= record.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, record };
}

/** The outcome of authenticateToken(). */
export type TokenAuthentication =
  | { readonly ok: true; readonly principal: AuthenticatedPrincipal }
  | { readonly ok: false; readonly reason: TokenRefusal };

/**
 * Verify a token and build its principal: the token's scope plus the grants the principal holds now
 * (both must allow a role for it to be effective; see authorize()).
 */
export async function authenticateToken(
  tokens: TokenStore,
  grants: GrantStore,
  presented: string,
  now: number = Date.now(),
): Promise<TokenAuthentication> {
  const check = await verifyToken(tokens, presented, now);
  if (!check.ok) return check;
  const { record } = check;
  return {
    ok: true,
    principal: {
      kind: 'user',
      name: record.principal,
      via: 'token',
      grants: await grants.grantsOf(record.principal),
      scope: record.scope,
    },
  };
}
