import type { Kysely } from 'kysely';
import { appendLogEntry } from '../db/log-append.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { encodeEntry } from '../events/codec.ts';
import type { LogEntry } from '../events/entries.ts';
import { appendReads, appendedHashes, leafHash } from '../tlog/index.ts';
import { treeTable } from './tree-table.ts';

/**
 * Append one event to the transparency log inside the caller's write transaction (writeTransaction):
 * its canonical bytes become leaf number `index`, and the Merkle tree's completed subtrees are stored
 * with it, so the state change, its log entry and the tree commit or roll back together.
 *
 * @example
 *   await writeTransaction(database, async (trx) => {
 *     await trx.insertInto('aliases')...;
 *     await appendEvent(trx, { kind: 'alias_moved', ... });
 *   });
 */
export async function appendEvent(
  trx: Kysely<RegistrySchema>,
  entry: LogEntry,
): Promise<{ readonly index: number; readonly leafHash: Uint8Array }> {
  const bytes = encodeEntry(entry);
  const leaf = leafHash(bytes);
  const index = await appendLogEntry(trx, {
    kind: entry.kind,
    body: new TextDecoder().decode(bytes),
    leafHash: leaf,
    at: entry.at,
  });
  const table = treeTable(trx);
  const reads = appendReads(index);
  const siblings = reads.length === 0 ? [] : await table.readHashes(reads);
  await table.write(appendedHashes(index, leaf, siblings));
  return { index, leafHash: leaf };
}
