/**
 * Database-backed identity and access for the registry: the access area's TokenStore and GrantStore
 * over `api_tokens`, `grants` and `principals`, the writes an admin makes (namespaces, roles, tokens)
 * each logged in its own transaction, bearer authentication of requests, and the one-time `init`.
 */
export { DbTokenStore, LAST_USED_RESOLUTION_MS } from './db-token-store.ts';
export type { DbStoreOptions } from './db-token-store.ts';
export { DbGrantStore } from './db-grant-store.ts';
export { DbPullVolumeStore } from './pull-volume-store.ts';
export type { GrantChange } from './db-grant-store.ts';
export type { OpenTransaction, StoreTarget } from './store-target.ts';
export { actorRowOf, holdsApprover } from './route-principals.ts';
export type { PrincipalKind } from './principals.ts';
export { createNamespace, namespaceAccessOf } from './namespaces.ts';
export type { NewNamespace } from './namespaces.ts';
export { grantRole, revokeRole } from './grants.ts';
export type { RoleChange } from './grants.ts';
export { createToken, revokeToken } from './token-admin.ts';
export type { NewToken, TokenRevocation } from './token-admin.ts';
export { authenticateBearer } from './authenticate-bearer.ts';
export type { BearerOptions, BearerRefusal } from './authenticate-bearer.ts';
export { INIT_TOKEN_LIFETIME_MS, initRegistry } from './init-registry.ts';
export type { InitOptions, InitResult } from './init-registry.ts';
