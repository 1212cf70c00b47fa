import { MlsecError } from '@mlsec/core';
import type { Kysely } from 'kysely';
import type { NamespaceAccess } from '../access/authorize.ts';
import { ANY_NAMESPACE } from '../access/principal.ts';
import { classifyDbError } from '../db/db-errors.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { checkNamespaceName, notFound } from './names.ts';
import { writeWith } from './store-target.ts';
import type { StoreTarget } from './store-target.ts';
import { isoOf } from './times.ts';

/** A namespace to create. */
export interface NewNamespace {
  /** The principal creating it (logged as `by`). */
  readonly actor: string;
  readonly name: string;
  /** Anyone may pull from it without credentials. Default false; never implied. */
  readonly public?: boolean;
  readonly now?: number;
}

function exists(name: string): MlsecError {
  return new MlsecError('REGISTRY_NAMESPACE_EXISTS', `namespace "${name}" already exists`);
}

/**
 * Create a namespace (private unless `public` is set) and log namespace_created in the same
 * transaction. REGISTRY_NAMESPACE_EXISTS when the name is taken, REGISTRY_REQUEST_INVALID when it is
 * not a plain name.
 *
 * @example
 *   await createNamespace(database, { actor: 'admin', name: 'vision' });
 */
export async function createNamespace(target: StoreTarget, ns: NewNamespace): Promise<void> {
  const name = checkNamespaceName(ns.name);
  const at = isoOf(ns.now ?? Date.now());
  const open = ns.public === true;
  await writeWith(target, async (trx) => {
    if (await namespaceExists(trx, name)) throw exists(name);
    try {
      await trx
        .insertInto('namespaces')
        .values({ name, public: open ? 1 : 0, gate_policy: null, created_at: at })
        .execute();
    } catch (error) {
      // Another writer created it between our check and insert (PostgreSQL, READ COMMITTED).
      if (classifyDbError(error) === 'unique') throw exists(name);
      throw error;
    }
    await appendEvent(trx, {
      kind: 'namespace_created',
      by: ns.actor,
      at,
      namespace: name,
      public: open,
    });
  });
}

/** True when the namespace exists. */
export async function namespaceExists(db: Kysely<RegistrySchema>, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('namespaces')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Check that a grant or scope may name `namespace`: `*` (every namespace), or a namespace that exists
 * (REGISTRY_NOT_FOUND otherwise; REGISTRY_REQUEST_INVALID for a name that is not plain).
 */
export async function requireGrantNamespace(
  db: Kysely<RegistrySchema>,
  namespace: string,
): Promise<void> {
  if (namespace === ANY_NAMESPACE) return;
  const name = checkNamespaceName(namespace);
  if (!(await namespaceExists(db, name))) throw notFound(`namespace "${name}"`);
}

/**
 * A namespace's access settings for authorize() (is it public?), or undefined when it does not exist,
 * which authorize() treats as private: what the server's `namespaceAccess` dependency answers.
 */
export async function namespaceAccessOf(
  db: Kysely<RegistrySchema>,
  name: string,
): Promise<NamespaceAccess | undefined> {
  const row = await db
    .selectFrom('namespaces')
    .select('public')
    .where('name', '=', name)
    .executeTakeFirst();
  return row === undefined ? undefined : { public: row.public === 1 };
}
