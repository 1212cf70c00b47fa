import { MlsecError, snippet } from '@mlsec/core';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { GrantStore } from './grant-store.ts';
import type { AuthenticatedPrincipal } from './principal.ts';

/** Signature algorithms an OIDC verifier may allow: asymmetric only, so no HS256/none confusion. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** How to verify OIDC ID/access tokens from one identity provider. */
export interface OidcSettings {
  /** Exact `iss` the tokens must carry. */
  readonly issuer: string;
  /** `aud` value(s) of which the token must name one. */
  readonly audience: string | readonly string[];
  /** The provider's JWKS document; https, or http on a loopback host (tests, sidecars). */
  readonly jwksUrl: string;
  /** Allowed `alg` values, a subset of ASYMMETRIC_ALGORITHMS. */
  readonly algorithms: readonly string[];
  /** Seconds of clock skew tolerated on exp/nbf/iat (default 60, at most 300). */
  readonly clockSkewSeconds?: number;
  /** The claim whose string value names the principal (default `sub`). */
  readonly principalClaim?: string;
  /** Put before the claim value to form the principal name, e.g. `oidc:` (default none). */
  readonly namePrefix?: string;
  /** JWKS fetch timeout in ms (default 5000). */
  readonly jwksTimeoutMs?: number;
}

/** Why a JWT was refused (for logs; clients get one generic 401). */
export type OidcRefusal =
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'audience'
  | 'claim'
  | 'jwks-unavailable';

/** The outcome of verifying a JWT. */
export type OidcCheck =
  | { readonly ok: true; readonly name: string; readonly claims: JWTPayload }
  | { readonly ok: false; readonly reason: OidcRefusal; readonly detail: string };

/** Verifies JWTs of one provider; build with createOidcVerifier(). */
export interface OidcVerifier {
  verify(jwt: string): Promise<OidcCheck>;
}

/** Longest JWT accepted before any parsing. */
const MAX_JWT_LENGTH = 16 * 1024;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

function invalid(message: string): MlsecError {
  return new MlsecError('REGISTRY_ACCESS_CONFIG_INVALID', `OIDC: ${message}`);
}

function jwksUrlOf(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`the JWKS URL "${snippet(value, 120)}" is not a URL`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw invalid('the JWKS URL must be https (http only on loopback)');
  if (url.username !== '' || url.password !== '')
    throw invalid('the JWKS URL must not carry credentials');
  return url;
}

function checkSettings(s: OidcSettings): void {
  if (s.issuer.length === 0) throw invalid('the issuer is empty');
  const audiences = typeof s.audience === 'string' ? [s.audience] : s.audience;
  if (audiences.length === 0 || audiences.some((a) => a.length === 0))
    throw invalid('the audience is empty');
  if (s.algorithms.length === 0) throw invalid('no algorithm is allowed');
  for (const alg of s.algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) {
      throw invalid(`algorithm "${snippet(alg, 20)}" is not an asymmetric JWS algorithm`);
    }
  }
  const skew = s.clockSkewSeconds ?? 60;
  if (!Number.isInteger(skew) || skew < 0 || skew > 300)
    throw invalid('the clock skew must be 0..300 seconds');
}

/** Map jose's error classes to our refusal reasons. */
function refusal(error: unknown): OidcCheck {
  const detail = error instanceof Error ? snippet(error.message, 160) : 'unknown error';
  const fail = (reason: OidcRefusal): OidcCheck => ({ ok: false, reason, detail });
  if (error instanceof errors.JWTExpired) return fail('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return fail('issuer');
    if (error.claim === 'aud') return fail('audience');
    if (error.claim === 'nbf') return fail('not-yet-valid');
    return fail('claim');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return fail('algorithm');
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail('signature');
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return fail('unknown-key');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return fail('jwks-unavailable');
  if (error instanceof errors.JOSEError) return fail('malformed');
  // fetch failures (connection refused, bad status) surface as plain errors from the JWKS getter.
  return fail('jwks-unavailable');
}

/**
 * Build a verifier of JWTs against a provider's JWKS: signature by a key of the set with an allowed
 * asymmetric algorithm, exact issuer, one of the audiences, `exp` required, clock skew bounded. The
 * principal name is the string value of `principalClaim`.
 *
 * @example
 * const oidc = createOidcVerifier({ issuer: 'https://idp.example', audience: 'mlsec-registry',
 *   jwksUrl: 'https://idp.example/jwks', algorithms: ['RS256'] });
 */
export function createOidcVerifier(settings: OidcSettings): OidcVerifier {
  checkSettings(settings);
  const jwks = createRemoteJWKSet(jwksUrlOf(settings.jwksUrl), {
    timeoutDuration: settings.jwksTimeoutMs ?? 5000,
  });
  const claim = settings.principalClaim ?? 'sub';
  const options = {
    issuer: settings.issuer,
    audience: typeof settings.audience === 'string' ? settings.audience : [...settings.audience],
    algorithms: [...settings.algorithms],
    clockTolerance: settings.clockSkewSeconds ?? 60,
    requiredClaims: ['exp', claim],
  };
  return {
    async verify(jwt) {
      if (jwt.length === 0 || jwt.length > MAX_JWT_LENGTH) {
        return { ok: false, reason: 'malformed', detail: 'the token is empty or too long' };
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(jwt, jwks, options));
      } catch (error) {
        return refusal(error);
      }
      const value = payload[claim];
      if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
        return {
          ok: false,
          reason: 'claim',
          detail: `claim "${snippet(claim, 40)}" is not a string of 1..256 characters`,
        };
      }
      return { ok: true, name: (settings.namePrefix ?? '') + value, claims: payload };
    },
  };
}

/** The outcome of authenticateOidc(). */
export type OidcAuthentication =
  | { readonly ok: true; readonly principal: AuthenticatedPrincipal }
  | { readonly ok: false; readonly reason: OidcRefusal; readonly detail: string };

/** Verify a JWT and build its principal with the grants it holds now. */
export async function authenticateOidc(
  verifier: OidcVerifier,
  grants: GrantStore,
  jwt: string,
): Promise<OidcAuthentication> {
  const check = await verifier.verify(jwt);
  if (!check.ok) return check;
  return {
    ok: true,
    principal: {
      kind: 'user',
      name: check.name,
      via: 'oidc',
      grants: await grants.grantsOf(check.name),
    },
  };
}
