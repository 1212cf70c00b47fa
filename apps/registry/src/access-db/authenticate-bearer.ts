import { MlsecError } from '@mlsec/core';
import { authenticateOidc } from '../access/oidc.ts';
import type { OidcRefusal, OidcVerifier } from '../access/oidc.ts';
import { ANONYMOUS } from '../access/principal.ts';
import type { Principal } from '../access/principal.ts';
import { TOKEN_ID_LENGTH, TOKEN_PREFIX } from '../access/token-format.ts';
import { authenticateToken } from '../access/tokens.ts';
import type { TokenRefusal } from '../access/tokens.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { DbTokenStore } from './db-token-store.ts';
import type { StoreTarget } from './store-target.ts';

/** Why a header was refused, for the server's log only: the client always gets one generic 401. */
export type BearerRefusal = 'header' | 'no-oidc' | TokenRefusal | OidcRefusal;

/** How to authenticate. */
export interface BearerOptions {
  /** Verifier of OIDC JWTs; without one, only API tokens are accepted. */
  readonly oidc?: OidcVerifier;
  /** The time to check expiry against (ms since the epoch); now by default. */
  readonly now?: number;
  /** Told why a credential was refused (for logs; never sent to the client). */
  readonly onRefusal?: (reason: BearerRefusal) => void;
}

/** Longest Authorization header looked at: an OIDC JWT is at most 16 KiB (oidc.ts). */
const MAX_HEADER = 16 * 1024 + 64;

/** RFC 9110 §11.6.2 / RFC 6750 §2.1: the scheme is case-insensitive, one credential of visible ASCII. */
const BEARER = /^bearer +([\x21-\x7e]+) *$/i;

/**
 * The principal behind an `Authorization` header: ANONYMOUS when there is none; an API token
 * (`Bearer mlsr_…`) checked against `api_tokens` (shape, SHA-256 in constant time, not revoked, not
 * expired); or, when `oidc` is set, any other bearer credential as an OIDC JWT. The principal carries
 * the grants it holds now (and a token's scope). Anything else throws REGISTRY_AUTH_INVALID with the
 * same message whatever the reason, so a caller learns nothing that helps guessing; `onRefusal` gets
 * the reason.
 *
 * @example
 *   const principal = await authenticateBearer(database, request.headers.authorization, { oidc });
 */
export async function authenticateBearer(
  target: StoreTarget,
  header: string | undefined,
  options: BearerOptions = {},
): Promise<Principal> {
  if (header === undefined) return ANONYMOUS;
  const refuse = (reason: BearerRefusal): never => {
    options.onRefusal?.(reason);
    throw new MlsecError('REGISTRY_AUTH_INVALID', 'the credentials are not valid');
  };
  const credential = header.length <= MAX_HEADER ? BEARER.exec(header)?.[1] : undefined;
  if (credential === undefined) return refuse('header');
  const grants = new DbGrantStore(target);
  if (credential.startsWith(TOKEN_PREFIX)) {
    const tokens = new DbTokenStore(target);
    const now = options.now ?? Date.now();
    const auth = await authenticateToken(tokens, grants, credential, now);
    if (!auth.ok) return refuse(auth.reason);
    const id = credential.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + TOKEN_ID_LENGTH);
    await tokens.markUsed(id, now);
    return auth.principal;
  }
  if (options.oidc === undefined) return refuse('no-oidc');
  const auth = await authenticateOidc(options.oidc, grants, credential);
  if (!auth.ok) return refuse(auth.reason);
  return auth.principal;
}
