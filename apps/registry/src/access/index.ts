/**
 * Identity and access for the registry: roles and the action catalogue, authorize() as the single
 * choke point, API tokens, OIDC JWT verification, and the pull-volume (exfiltration) signal. Storage is
 * behind small interfaces (TokenStore, GrantStore) that the database layer implements.
 */
export { ROLES, isRole, roleSatisfies } from './roles.ts';
export type { Role } from './roles.ts';
export { ACTIONS, isAction, roleFor } from './actions.ts';
export type { Action } from './actions.ts';
export { ANONYMOUS, ANY_NAMESPACE, namespaceMatches } from './principal.ts';
export type { AnonymousPrincipal, AuthenticatedPrincipal, Grant, Principal } from './principal.ts';
export { authorize, requireAccess } from './authorize.ts';
export type { AccessDecision, NamespaceAccess } from './authorize.ts';
export { TOKEN_PREFIX, generateToken, hashToken, parseToken } from './token-format.ts';
export type { TokenParts } from './token-format.ts';
export { memoryTokenStore } from './token-store.ts';
export type { TokenRecord, TokenStore } from './token-store.ts';
export { memoryGrantStore } from './grant-store.ts';
export type { GrantStore } from './grant-store.ts';
export { MAX_TOKEN_LIFETIME_MS, authenticateToken, createToken, verifyToken } from './tokens.ts';
export type {
  CreateTokenOptions,
  CreatedToken,
  TokenAuthentication,
  TokenCheck,
  TokenRefusal,
} from './tokens.ts';
export { ASYMMETRIC_ALGORITHMS, authenticateOidc, createOidcVerifier } from './oidc.ts';
export type {
  OidcAuthentication,
  OidcCheck,
  OidcRefusal,
  OidcSettings,
  OidcVerifier,
} from './oidc.ts';
export { PullVolumeMonitor } from './pull-volume.ts';
export type { PullVolumeAlert, PullVolumeOptions, PullVolumeStore } from './pull-volume.ts';
