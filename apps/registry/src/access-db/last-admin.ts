import { MlsecError } from '@mlsec/core';
import type { Kysely } from 'kysely';
import { ANY_NAMESPACE } from '../access/principal.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { parseScope } from './token-rows.ts';

/** A token a registry-wide admin can sign in with now. */
export interface LiveAdminToken {
  readonly id: string;
  readonly principal: string;
}

function scopedToGlobalAdmin(scope: string): boolean {
  try {
    return parseScope(scope).some((g) => g.namespace === ANY_NAMESPACE && g.role === 'admin');
  } catch {
    // A scope the registry never wrote: authentication refuses the token, so it signs nobody in.
    return false;
  }
}

/**
 * The API tokens that sign in a registry-wide admin at `at` (ISO-8601): not revoked, not expired,
 * scoped to admin on `*`, of a principal who holds admin on `*` now (a token never exceeds the
 * grants its principal holds, see authorize()).
 */
export async function liveAdminTokens(
  db: Kysely<RegistrySchema>,
  at: string,
): Promise<readonly LiveAdminToken[]> {
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('principals as p', 'p.id', 't.principal_id')
    .innerJoin('grants as g', 'g.principal_id', 't.principal_id')
    .select(['t.id', 't.scope', 'p.name'])
    .where('g.namespace', '=', ANY_NAMESPACE)
    .where('g.role', '=', 'admin')
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', at)
    .orderBy('t.id')
    .execute();
  return rows
    .filter((row) => scopedToGlobalAdmin(row.scope))
    .map((row) => ({ id: row.id, principal: row.name }));
}

async function globalAdminCount(db: Kysely<RegistrySchema>): Promise<number> {
  const row = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('namespace', '=', ANY_NAMESPACE)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function lastAdmin(message: string): MlsecError {
  return new MlsecError(
    'REGISTRY_LAST_ADMIN',
    `${message}; the registry would be locked out (grant admin on * to another principal and give it a token first)`,
  );
}

/**
 * Refuse (REGISTRY_LAST_ADMIN) a revocation that leaves nobody able to administer the registry: no
 * principal holding admin on `*`, or, when the change took away a live admin token (`removedLive`),
 * no live admin token left at all. `what` says what was revoked, for the message.
 *
 * Call it inside the change's transaction, after the change and its log entry: appending the entry
 * took the log sequencer's row lock on PostgreSQL (SQLite's BEGIN IMMEDIATE holds the write lock),
 * so two concurrent revocations are checked one after the other, the second seeing the first's
 * commit, and cannot each count on the credential the other removes.
 */
export async function requireAdminRemains(
  trx: Kysely<RegistrySchema>,
  change: { readonly what: string; readonly removedLive: boolean; readonly at: string },
): Promise<void> {
  if ((await globalAdminCount(trx)) === 0) {
    throw lastAdmin(`${change.what} removes the last grant of admin on *`);
  }
  if (change.removedLive && (await liveAdminTokens(trx, change.at)).length === 0) {
    throw lastAdmin(`${change.what} removes the last live API token of an admin on *`);
  }
}
