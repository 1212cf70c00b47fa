import { nodeHash } from './hash.ts';
import type { HashReader, StoredHash } from './hash-store.ts';
import type { NodeId } from './tree-math.ts';

/**
 * The left siblings needed to append leaf number `index`: one per perfect subtree the new leaf
 * completes (one per trailing 1 bit of index). Amortised, an append reads and hashes one node.
 */
export function appendReads(index: number): NodeId[] {
  const reads: NodeId[] = [];
  let level = 0;
  let i = index;
  while (i % 2 === 1) {
    reads.push({ level, index: i - 1 });
    level++;
    i = (i - 1) / 2;
  }
  return reads;
}

/**
 * The hashes to store when leaf `leaf` becomes leaf number `index`: the leaf itself at (0, index), then
 * each completed subtree up the tree, given the left siblings `appendReads(index)` asked for.
 */
export function appendedHashes(
  index: number,
  leaf: Uint8Array,
  leftSiblings: readonly Uint8Array[],
): StoredHash[] {
  const out: StoredHash[] = [{ node: { level: 0, index }, hash: leaf }];
  let hash = leaf;
  let i = index;
  let level = 0;
  for (const left of leftSiblings) {
    hash = nodeHash(left, hash);
    level++;
    i = (i - 1) / 2;
    out.push({ node: { level, index: i }, hash });
  }
  return out;
}

/** appendedHashes with the siblings read from a synchronous store. */
export function appendWith(reader: HashReader, index: number, leaf: Uint8Array): StoredHash[] {
  const reads = appendReads(index);
  return appendedHashes(index, leaf, reads.length === 0 ? [] : reader.readHashes(reads));
}
