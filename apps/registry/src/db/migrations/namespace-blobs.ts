import type { Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/**
 * namespace_blobs: which namespace uploaded which blob. Blobs are stored once by digest across the
 * registry, but a version may only list blobs uploaded to its own namespace; otherwise anyone who can
 * push somewhere and knows a digest (digests are in manifests and the log) could register a version
 * over another team's weights and download them.
 */
export async function createNamespaceBlobs(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      db.schema
        .createTable('namespace_blobs')
        .addColumn('namespace_id', c.bigint, (col) => col.notNull().references('namespaces.id'))
        .addColumn('sha256', 'text', (col) => col.notNull().references('blobs.sha256'))
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        .addPrimaryKeyConstraint('namespace_blobs_pk', ['namespace_id', 'sha256']),
    )
    .execute();
}
