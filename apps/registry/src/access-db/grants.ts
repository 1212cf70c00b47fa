import { MlsecError, snippet } from '@mlsec/core';
import { isRole } from '../access/roles.ts';
import type { Role } from '../access/roles.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { checkPrincipalName } from './names.ts';
import { requireGrantNamespace } from './namespaces.ts';
import type { PrincipalKind } from './principals.ts';
import { writeWith } from './store-target.ts';
import type { StoreTarget } from './store-target.ts';
import { isoOf } from './times.ts';

/** A role to give or take away. */
export interface RoleChange {
  /** The principal making the change (logged as `by`); routes check it may (action `grant`). */
  readonly actor: string;
  /** A namespace that exists, or `*` for every namespace. */
  readonly namespace: string;
  /** Who receives or loses the role; created (as `kind`, default user) by its first grant. */
  readonly principal: string;
  readonly role: Role;
  readonly kind?: PrincipalKind;
  readonly now?: number;
}

function checkRole(role: unknown): Role {
  if (!isRole(role)) {
    throw new MlsecError(
      'REGISTRY_REQUEST_INVALID',
      `"${snippet(String(role), 40)}" is not a role (reader, publisher, approver, admin)`,
    );
  }
  return role;
}

/**
 * Give `principal` the role in `namespace` (or `*`), logging grant_changed in the same transaction.
 * Returns false, with nothing logged, when the role was already held. REGISTRY_NOT_FOUND for an unknown
 * namespace. The change counts from the principal's next request: grants are read on every request.
 *
 * @example
 *   await grantRole(database, { actor: 'admin', namespace: 'vision', principal: 'ci', role: 'publisher', kind: 'service' });
 */
export async function grantRole(target: StoreTarget, change: RoleChange): Promise<boolean> {
  const principal = checkPrincipalName(change.principal);
  const role = checkRole(change.role);
  const at = isoOf(change.now ?? Date.now());
  return writeWith(target, async (trx) => {
    await requireGrantNamespace(trx, change.namespace);
    const store = new DbGrantStore({ transaction: trx }, { actor: change.actor });
    return store.grant({ namespace: change.namespace, principal, role, at }, change.kind ?? 'user');
  });
}

/**
 * Take the role in `namespace` (or `*`) away from `principal`, logging grant_changed in the same
 * transaction; false, with nothing logged, when it was not held. Tokens of the principal lose the role
 * at once (a token's scope only narrows what its principal holds now).
 */
export async function revokeRole(target: StoreTarget, change: RoleChange): Promise<boolean> {
  const role = checkRole(change.role);
  const at = isoOf(change.now ?? Date.now());
  const store = new DbGrantStore(target, { actor: change.actor });
  return store.revoke({ namespace: change.namespace, principal: change.principal, role, at });
}
