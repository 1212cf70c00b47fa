import { MlsecError } from '@mlsec/core';
import { leafHash } from './hash.ts';
import type { HashStore } from './hash-store.ts';
import { appendWith } from './append-hashes.ts';
import { readPlan } from './plan-eval.ts';
import { consistencyPlan, inclusionPlan, rootPlan } from './proof-plan.ts';

/**
 * An append-only RFC 9162 Merkle tree over a HashStore. Append stores the leaf hash and the perfect
 * subtrees it completes (amortised one node hash); the root, inclusion proof and consistency proof for
 * any size up to the current one read O(log n) stored nodes in one batch.
 *
 * @example
 * const tree = new TreeHashes(new MemoryHashStore());
 * tree.appendEntry(new TextEncoder().encode('{"kind":"alias_moved"}'));
 * const proof = tree.inclusionProof(0);
 */
export class TreeHashes {
  readonly #store: HashStore;
  #size: number;

  constructor(store: HashStore) {
    this.#store = store;
    this.#size = store.leafCount();
  }

  /** The number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Append a leaf hash (already 0x00-prefixed and hashed); returns its index. */
  append(leaf: Uint8Array): number {
    const index = this.#size;
    this.#store.append(appendWith(this.#store, index, leaf));
    this.#size = index + 1;
    return index;
  }

  /** Append an entry: its leaf hash SHA-256(0x00 ‖ entry) is appended. Returns its index. */
  appendEntry(entry: Uint8Array): number {
    return this.append(leafHash(entry));
  }

  /** The stored leaf hash at `index`. */
  leafHash(index: number): Uint8Array {
    this.#checkSize(index + 1);
    const [hash] = this.#store.readHashes([{ level: 0, index }]);
    return hash as Uint8Array;
  }

  /** MTH(D[0:n]) for any n up to the current size. */
  root(n: number = this.#size): Uint8Array {
    this.#checkSize(n);
    return readPlan(this.#store, rootPlan(n))[0] as Uint8Array;
  }

  /** The inclusion proof of leaf m in the tree of size n (RFC 9162 §2.1.3.1). */
  inclusionProof(m: number, n: number = this.#size): Uint8Array[] {
    this.#checkSize(n);
    return readPlan(this.#store, inclusionPlan(m, n));
  }

  /** The consistency proof from size m to size n (RFC 9162 §2.1.4.1). */
  consistencyProof(m: number, n: number = this.#size): Uint8Array[] {
    this.#checkSize(n);
    return readPlan(this.#store, consistencyPlan(m, n));
  }

  #checkSize(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.#size) {
      throw new MlsecError(
        'REGISTRY_TLOG_RANGE',
        `tlog: size ${n} is beyond the tree's ${this.#size} leaves`,
      );
    }
  }
}
