import type { Kysely } from 'kysely';
import { MlsecError } from '@mlsec/core';
import { roleSatisfies } from '../access/roles.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { principalIdOf } from './principals.ts';

/**
 * The acting principal's row (id and name) for the log and foreign keys. A credential whose principal
 * has no row is refused as invalid (REGISTRY_AUTH_INVALID), never created on the fly.
 */
export async function actorRowOf(
  db: Kysely<RegistrySchema>,
  name: string,
): Promise<{ readonly id: number; readonly name: string }> {
  const id = await principalIdOf(db, name);
  if (id === undefined)
    throw new MlsecError('REGISTRY_AUTH_INVALID', 'the credentials are not valid');
  return { id, name };
}

/** Whether `name` holds the approver role (or one that includes it) in `namespace` or on `*`, now. */
export async function holdsApprover(
  trx: Kysely<RegistrySchema>,
  name: string,
  namespace: string,
): Promise<boolean> {
  return (await new DbGrantStore({ transaction: trx }).grantsOf(name)).some(
    (g) => (g.namespace === namespace || g.namespace === '*') && roleSatisfies(g.role, 'approver'),
  );
}
