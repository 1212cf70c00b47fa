import { sql, type Kysely } from 'kysely';
import type { EngineColumns } from './column-types.ts';

/** log_head (the sequencer row, starting at size 0), log_entries, tree_nodes, checkpoints. */
export async function createLogTables(db: Kysely<unknown>, c: EngineColumns): Promise<void> {
  await c
    .finish(
      db.schema
        .createTable('log_head')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('size', c.bigint, (col) => col.notNull().check(sql`size >= 0`)),
    )
    .execute();
  await sql`insert into log_head (id, size) values (1, 0)`.execute(db);

  await c
    .finish(
      db.schema
        .createTable('log_entries')
        .addColumn('log_index', c.bigint, (col) => col.primaryKey().check(sql`log_index >= 0`))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('leaf_hash', c.bytes, (col) => col.notNull().check(c.hash32('leaf_hash')))
        .addColumn('at', 'text', (col) => col.notNull().check(c.isoTime('at'))),
    )
    .execute();

  await c
    .finish(
      db.schema
        .createTable('tree_nodes')
        .addColumn('level', 'integer', (col) => col.notNull().check(sql`level between 0 and 63`))
        .addColumn('node_index', c.bigint, (col) => col.notNull().check(sql`node_index >= 0`))
        .addColumn('hash', c.bytes, (col) => col.notNull().check(c.hash32('hash')))
        .addPrimaryKeyConstraint('tree_nodes_pk', ['level', 'node_index']),
    )
    .execute();

  await c
    .finish(
      c
        .id(db.schema.createTable('checkpoints'))
        .addColumn('tree_size', c.bigint, (col) => col.notNull().check(sql`tree_size >= 0`))
        .addColumn('root_hash', c.bytes, (col) => col.notNull().check(c.hash32('root_hash')))
        .addColumn('note', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull().check(c.isoTime('at'))),
    )
    .execute();
  await db.schema
    .createIndex('checkpoints_tree_size')
    .on('checkpoints')
    .column('tree_size')
    .execute();
}
