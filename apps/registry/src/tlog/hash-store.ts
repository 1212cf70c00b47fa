import type { NodeId } from './tree-math.ts';

/** One stored node hash: the perfect subtree `node` hashes to `hash`. */
export interface StoredHash {
  readonly node: NodeId;
  readonly hash: Uint8Array;
}

/**
 * Reads node hashes in one batch (one query on a database). Returns them in the order asked; throws
 * MlsecError('REGISTRY_TLOG_NODE_MISSING') when one is not stored.
 */
export interface HashReader {
  readHashes(nodes: readonly NodeId[]): readonly Uint8Array[];
}

/** The asynchronous form of HashReader, for stores behind a database client. */
export interface AsyncHashReader {
  readHashes(nodes: readonly NodeId[]): Promise<readonly Uint8Array[]>;
}

/**
 * Storage of a log's perfect subtrees, keyed by (level, index): a table `(level, index) → hash` backs
 * it as well as memory does. The store only ever grows; `append` receives the leaf at index
 * `leafCount()` and every subtree that leaf completes (see appendedHashes), and must store them all or
 * none.
 */
export interface HashStore extends HashReader {
  /** The number of leaves stored (the tree size). */
  leafCount(): number;
  append(hashes: readonly StoredHash[]): void;
}
