import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../schema.ts';

/** A fixed, valid timestamp for rows whose time does not matter. */
export const T0 = '2026-11-26T09:47:23.000Z';

/** Hex SHA-256 of `text`. */
export function hexSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** RFC 9162 leaf hash of `body`: SHA-256(0x00 ‖ body). */
export function leafHash(body: string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(body)
    .digest();
}

/** Ids of a minimal graph: a namespace, a principal, a model and one ready version with an alias. */
export interface Seeded {
  readonly namespaceId: number;
  readonly principalId: number;
  readonly modelId: number;
  readonly versionId: number;
  readonly aliasId: number;
}

/** Insert a namespace `ns`, principal `alice`, model `m`, version `v1` and alias `production`. */
export async function seedGraph(db: Kysely<RegistrySchema>, ns = 'ns'): Promise<Seeded> {
  const { id: namespaceId } = await db
    .insertInto('namespaces')
    .values({ name: ns, public: 0, gate_policy: null, created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: principalId } = await db
    .insertInto('principals')
    .values({
      name: `alice@${ns}`,
      kind: 'user',
      oidc_issuer: null,
      oidc_subject: null,
      created_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: modelId } = await db
    .insertInto('models')
    .values({ namespace_id: namespaceId, name: 'm', created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = await insertVersion(db, modelId, principalId, 'v1');
  const { id: aliasId } = await db
    .insertInto('aliases')
    .values({ model_id: modelId, name: 'production', version_id: versionId, updated_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { namespaceId, principalId, modelId, versionId, aliasId };
}

/** Insert version `version` of a model, its manifest digest derived from the name. */
export async function insertVersion(
  db: Kysely<RegistrySchema>,
  modelId: number,
  uploaderId: number,
  version: string,
): Promise<number> {
  const { id } = await db
    .insertInto('model_versions')
    .values({
      model_id: modelId,
      version,
      manifest_digest: hexSha256(`manifest ${version}`),
      status: 'ready',
      status_message: null,
      signature_bundle: null,
      provenance: null,
      scan_summary: null,
      metrics: '{"accuracy":0.91}',
      uploader_id: uploaderId,
      created_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
