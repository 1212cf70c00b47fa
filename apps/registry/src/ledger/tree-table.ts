import { MlsecError } from '@mlsec/core';
import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../db/schema.ts';
import type { AsyncHashReader, NodeId, StoredHash } from '../tlog/index.ts';

/** Rows per query when many nodes are read at once (well under both engines' parameter limits). */
const BATCH = 200;

/**
 * The log's Merkle tree in the `tree_nodes` table: the (level, index) → hash store that TreeHashes keeps
 * in memory, read in one query per batch. Use the transaction's Kysely while appending.
 */
export function treeTable(db: Kysely<RegistrySchema>): AsyncHashReader & {
  write(hashes: readonly StoredHash[]): Promise<void>;
} {
  return {
    async readHashes(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
      const found = new Map<string, Uint8Array>();
      for (let at = 0; at < nodes.length; at += BATCH) {
        const part = nodes.slice(at, at + BATCH);
        const rows = await db
          .selectFrom('tree_nodes')
          .select(['level', 'node_index', 'hash'])
          .where((eb) =>
            eb.or(
              part.map((n) => eb.and([eb('level', '=', n.level), eb('node_index', '=', n.index)])),
            ),
          )
          .execute();
        for (const row of rows)
          found.set(`${row.level}/${row.node_index}`, new Uint8Array(row.hash));
      }
      return nodes.map((n) => {
        const hash = found.get(`${n.level}/${n.index}`);
        if (hash === undefined) {
          throw new MlsecError(
            'REGISTRY_TLOG_NODE_MISSING',
            `tree node (level ${n.level}, index ${n.index}) is not stored`,
          );
        }
        return hash;
      });
    },
    async write(hashes: readonly StoredHash[]): Promise<void> {
      if (hashes.length === 0) return;
      await db
        .insertInto('tree_nodes')
        .values(
          hashes.map((h) => ({ level: h.node.level, node_index: h.node.index, hash: h.hash })),
        )
        .execute();
    },
  };
}
