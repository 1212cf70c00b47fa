import { snippet } from '@mlsec/core';
import { notFound } from '../names.ts';
import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../db/schema.ts';

/** Who is acting: the principal's row id and name (as the log records it). */
export interface Actor {
  readonly id: number;
  readonly name: string;
}

/** A model version by its names. */
export interface VersionRef {
  readonly namespace: string;
  readonly model: string;
  readonly version: string;
}

export { checkName, notFound } from '../names.ts';

export async function namespaceRow(db: Kysely<RegistrySchema>, namespace: string) {
  const row = await db
    .selectFrom('namespaces')
    .selectAll()
    .where('name', '=', namespace)
    .executeTakeFirst();
  if (row === undefined) throw notFound(`namespace ${snippet(namespace)}`);
  return row;
}

/** The model's row id, creating the model on first use (inside the caller's transaction). */
export async function modelId(
  db: Kysely<RegistrySchema>,
  namespaceId: number,
  model: string,
  at: string,
  create: boolean,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('models')
    .select('id')
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', model)
    .executeTakeFirst();
  if (row !== undefined || !create) return row?.id;
  // Concurrent first pushes of one model: on PostgreSQL (READ COMMITTED) both transactions get here;
  // ON CONFLICT DO NOTHING waits for the other's insert and then inserts nothing, and the next
  // statement sees the committed row. (A plain INSERT failed the loser as a unique violation.)
  await db
    .insertInto('models')
    .values({ namespace_id: namespaceId, name: model, created_at: at })
    .onConflict((oc) => oc.columns(['namespace_id', 'name']).doNothing())
    .execute();
  const created = await db
    .selectFrom('models')
    .select('id')
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', model)
    .executeTakeFirstOrThrow();
  return created.id;
}

/** The version's row, joined with its model; REGISTRY_NOT_FOUND when any part is missing. */
export async function versionRow(db: Kysely<RegistrySchema>, ref: VersionRef) {
  const row = await db
    .selectFrom('model_versions as v')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
    .innerJoin('principals as p', 'p.id', 'v.uploader_id')
    .selectAll('v')
    .select(['m.name as model_name', 'n.name as namespace_name', 'p.name as uploader_name'])
    .where('n.name', '=', ref.namespace)
    .where('m.name', '=', ref.model)
    .where('v.version', '=', ref.version)
    .executeTakeFirst();
  if (row === undefined) {
    throw notFound(
      `version ${snippet(ref.model)}@${snippet(ref.version)} in ${snippet(ref.namespace)}`,
    );
  }
  return row;
}
