import { sql, type Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/** namespaces, principals, api_tokens, grants. */
export async function createAccessTables(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      c
        .id(db.schema.createTable('namespaces'))
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('public', 'integer', (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`public in (0, 1)`),
        )
        .addColumn('gate_policy', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at'))),
    )
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('principals'))
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('user', 'service')`))
        .addColumn('oidc_issuer', 'text')
        .addColumn('oidc_subject', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        .addUniqueConstraint('principals_oidc_unique', ['oidc_issuer', 'oidc_subject']),
    )
    .execute();

  await c
    .finish(
      db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('secret_sha256', 'text', (col) =>
          col.notNull().unique().check(c.hexSha256('secret_sha256')),
        )
        .addColumn('principal_id', c.bigint, (col) => col.notNull().references('principals.id'))
        .addColumn('scope', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        .addColumn('expires_at', 'text', (col) => col.notNull().check(c.isoTime('expires_at')))
        .addColumn('revoked_at', 'text', (col) => col.check(c.isoTime('revoked_at')))
        .addColumn('last_used_at', 'text', (col) => col.check(c.isoTime('last_used_at'))),
    )
    .execute();
  await db.schema
    .createIndex('api_tokens_principal')
    .on('api_tokens')
    .column('principal_id')
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('grants'))
        .addColumn('namespace', 'text', (col) => col.notNull())
        .addColumn('principal_id', c.bigint, (col) => col.notNull().references('principals.id'))
        .addColumn('role', 'text', (col) =>
          col.notNull().check(sql`role in ('reader', 'publisher', 'approver', 'admin')`),
        )
        .addColumn('created_at', 'text', (col) => col.notNull().check(c.isoTime('created_at')))
        .addUniqueConstraint('grants_unique', ['principal_id', 'namespace', 'role']),
    )
    .execute();
}
