import { snippet } from '@mlsec/core';
import type { GrantStore } from '../access/grant-store.ts';
import { ANY_NAMESPACE } from '../access/principal.ts';
import type { Grant } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { actorOf } from './db-token-store.ts';
import { liveAdminTokens, requireAdminRemains } from './last-admin.ts';
import type { DbStoreOptions } from './db-token-store.ts';
import { ensurePrincipal, principalIdOf } from './principals.ts';
import type { PrincipalKind } from './principals.ts';
import { readerOf, writeWith } from './store-target.ts';
import type { StoreTarget } from './store-target.ts';

/** One role of one principal in one namespace (or `*`), at a time (ISO-8601). */
export interface GrantChange {
  readonly namespace: string;
  readonly principal: string;
  readonly role: Role;
  readonly at: string;
}

/**
 * The access area's GrantStore over `grants`: what a principal holds is read from the table on every
 * call, so a grant or revocation counts from the next request on. grant() and revoke() change the
 * table in a write transaction with their grant_changed log entry. They do not check names or
 * authority: grantRole() and revokeRole() do, and routes authorise with authorize() first.
 */
export class DbGrantStore implements GrantStore {
  readonly #target: StoreTarget;
  readonly #options: DbStoreOptions;

  constructor(target: StoreTarget, options: DbStoreOptions = {}) {
    this.#target = target;
    this.#options = options;
  }

  /** Every grant `principal` holds now, ordered by namespace and role; none for an unknown name. */
  async grantsOf(principal: string): Promise<readonly Grant[]> {
    const rows = await readerOf(this.#target)
      .selectFrom('grants')
      .innerJoin('principals', 'principals.id', 'grants.principal_id')
      .select(['grants.namespace', 'grants.role'])
      .where('principals.name', '=', principal)
      .orderBy('grants.namespace')
      .orderBy('grants.role')
      .execute();
    return rows.map((row) => ({ namespace: row.namespace, role: row.role }));
  }

  /**
   * Give the role (creating the principal as `kind` if it is new) and log grant_changed; false, with
   * nothing written or logged, when the principal already holds it.
   */
  async grant(change: GrantChange, kind: PrincipalKind = 'user'): Promise<boolean> {
    const by = actorOf(this.#options);
    return writeWith(this.#target, async (trx) => {
      const principalId = await ensurePrincipal(trx, change.principal, kind, change.at);
      const result = await trx
        .insertInto('grants')
        .values({
          namespace: change.namespace,
          principal_id: principalId,
          role: change.role,
          created_at: change.at,
        })
        .onConflict((oc) => oc.columns(['principal_id', 'namespace', 'role']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      await appendEvent(trx, { kind: 'grant_changed', by, granted: true, ...change });
      return true;
    });
  }

  /**
   * Take the role away and log grant_changed; false, with nothing logged, when it was not held.
   * REGISTRY_LAST_ADMIN, with nothing changed, when it is admin on `*` and no other principal holds
   * that, or this principal holds the last live API token of such an admin (last-admin.ts).
   */
  async revoke(change: GrantChange): Promise<boolean> {
    const by = actorOf(this.#options);
    return writeWith(this.#target, async (trx) => {
      const principalId = await principalIdOf(trx, change.principal);
      if (principalId === undefined) return false;
      const global = change.namespace === ANY_NAMESPACE && change.role === 'admin';
      const hadLive =
        global &&
        (await liveAdminTokens(trx, change.at)).some((t) => t.principal === change.principal);
      const result = await trx
        .deleteFrom('grants')
        .where('principal_id', '=', principalId)
        .where('namespace', '=', change.namespace)
        .where('role', '=', change.role)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await appendEvent(trx, { kind: 'grant_changed', by, granted: false, ...change });
      if (global) {
        await requireAdminRemains(trx, {
          what: `revoking admin on * from "${snippet(change.principal, 60)}"`,
          removedLive: hadLive,
          at: change.at,
        });
      }
      return true;
    });
  }
}
