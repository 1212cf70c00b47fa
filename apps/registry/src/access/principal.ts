import type { Role } from './roles.ts';

/** Grants on this namespace name apply to every namespace (a registry-wide admin, say). */
export const ANY_NAMESPACE = '*';

/** A role held in one namespace, or in every namespace when `namespace` is ANY_NAMESPACE. */
export interface Grant {
  readonly namespace: string;
  readonly role: Role;
}

/** A caller that presented no credentials. */
export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

/**
 * An authenticated caller. `grants` are the roles the principal holds now (from the grant store);
 * `scope`, for API tokens, is what the token was limited to when it was created. A role is effective
 * only when both allow it, so a token never outlives a revoked grant nor exceeds its own scope.
 */
export interface AuthenticatedPrincipal {
  readonly kind: 'user';
  readonly name: string;
  readonly via: 'token' | 'oidc';
  readonly grants: readonly Grant[];
  readonly scope?: readonly Grant[];
}

/** Whoever is making a request. */
export type Principal = AnonymousPrincipal | AuthenticatedPrincipal;

/** The anonymous principal (no credentials). */
export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

/** True when a grant recorded for `grantNamespace` applies to `namespace`. */
export function namespaceMatches(grantNamespace: string, namespace: string): boolean {
  return grantNamespace === ANY_NAMESPACE || grantNamespace === namespace;
}
