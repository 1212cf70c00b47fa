import { sql, type Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/** models, blobs, model_versions, version_files, aliases, alias_events, approvals. */
export async function createModelTables(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      c
        .id(db.schema.createTable('models'))
        .addColumn('namespace_id', c.bigint, (col) => col.notNull().references('namespaces.id'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        .addUniqueConstraint('models_unique', ['namespace_id', 'name']),
    )
    .execute();

  await c
    .finish(
      db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (col) => col.primaryKey().check(c.hexSha256('sha256')))
        .addColumn('size', c.bigint, (col) => col.notNull().check(sql`size >= 0`))
        .addColumn('encrypted', 'integer', (col) => col.notNull().check(sql`encrypted in (0, 1)`))
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at'))),
    )
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('model_versions'))
        .addColumn('model_id', c.bigint, (col) => col.notNull().references('models.id'))
        .addColumn('version', 'text', (col) => col.notNull())
        .addColumn('manifest_digest', 'text', (col) =>
          col.notNull().check(c.hexSha256('manifest_digest')),
        )
        .addColumn('status', 'text', (col) =>
          col
            .notNull()
            .defaultTo('pending')
            .check(sql`status in ('pending', 'ready', 'failed')`),
        )
        .addColumn('status_message', 'text')
        .addColumn('signature_bundle', 'text')
        .addColumn('provenance', 'text')
        .addColumn('scan_summary', 'text')
        .addColumn('metrics', 'text')
        .addColumn('uploader_id', c.bigint, (col) => col.notNull().references('principals.id'))
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        // Re-uploading a version id is refused here, whatever the content.
        .addUniqueConstraint('model_versions_unique', ['model_id', 'version']),
    )
    .execute();

  await c
    .finish(
      db.schema
        .createTable('version_files')
        .addColumn('version_id', c.bigint, (col) => col.notNull().references('model_versions.id'))
        .addColumn('path', 'text', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull().references('blobs.sha256'))
        .addColumn('size', c.bigint, (col) => col.notNull().check(sql`size >= 0`))
        .addPrimaryKeyConstraint('version_files_pk', ['version_id', 'path']),
    )
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('aliases'))
        .addColumn('model_id', c.bigint, (col) => col.notNull().references('models.id'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('version_id', c.bigint, (col) => col.notNull().references('model_versions.id'))
        .addColumn('updated_at', 'text', (col) => col.notNull().check(c.isoTime('updated_at')))
        .addUniqueConstraint('aliases_unique', ['model_id', 'name']),
    )
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('alias_events'))
        .addColumn('alias_id', c.bigint, (col) => col.notNull().references('aliases.id'))
        .addColumn('from_version_id', c.bigint, (col) => col.references('model_versions.id'))
        .addColumn('to_version_id', c.bigint, (col) =>
          col.notNull().references('model_versions.id'),
        )
        .addColumn('actor_id', c.bigint, (col) => col.notNull().references('principals.id'))
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull().check(c.isoTime('at'))),
    )
    .execute();
  await db.schema
    .createIndex('alias_events_alias_at')
    .on('alias_events')
    .columns(['alias_id', 'at'])
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('approvals'))
        .addColumn('version_id', c.bigint, (col) => col.notNull().references('model_versions.id'))
        .addColumn('alias', 'text', (col) => col.notNull())
        .addColumn('approver_id', c.bigint, (col) => col.notNull().references('principals.id'))
        .addColumn('at', 'text', (col) => col.notNull().check(c.isoTime('at')))
        .addUniqueConstraint('approvals_unique', ['version_id', 'alias', 'approver_id']),
    )
    .execute();
}
