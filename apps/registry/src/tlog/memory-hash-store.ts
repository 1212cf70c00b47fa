import { MlsecError } from '@mlsec/core';
import { HASH_SIZE } from './hash.ts';
import type { HashStore, StoredHash } from './hash-store.ts';
import type { NodeId } from './tree-math.ts';

/**
 * A HashStore in memory: one growable buffer per level holding that level's hashes back to back, so a
 * million-leaf log is two million hashes in ~20 buffers rather than two million small objects.
 */
export class MemoryHashStore implements HashStore {
  readonly #levels: Buffer[] = [];
  readonly #counts: number[] = [];

  leafCount(): number {
    return this.#counts[0] ?? 0;
  }

  readHashes(nodes: readonly NodeId[]): Uint8Array[] {
    return nodes.map((node) => {
      const buffer = this.#levels[node.level];
      if (buffer === undefined || node.index >= (this.#counts[node.level] ?? 0) || node.index < 0) {
        throw new MlsecError(
          'REGISTRY_TLOG_NODE_MISSING',
          `tlog: no hash stored for node (level ${node.level}, index ${node.index})`,
        );
      }
      const at = node.index * HASH_SIZE;
      return buffer.subarray(at, at + HASH_SIZE);
    });
  }

  append(hashes: readonly StoredHash[]): void {
    // Check all before writing any, so a bad batch leaves the store as it was.
    for (const { node, hash } of hashes) {
      if (hash.length !== HASH_SIZE || node.index !== (this.#counts[node.level] ?? 0)) {
        throw new MlsecError(
          'REGISTRY_TLOG_NODE_MISSING',
          `tlog: node (level ${node.level}, index ${node.index}) is not the next one of its level`,
        );
      }
    }
    for (const { node, hash } of hashes) this.#write(node.level, hash);
  }

  #write(level: number, hash: Uint8Array): void {
    const count = this.#counts[level] ?? 0;
    let buffer = this.#levels[level];
    if (buffer === undefined || (count + 1) * HASH_SIZE > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(64, count * 2) * HASH_SIZE);
      if (buffer !== undefined) buffer.copy(grown, 0, 0, count * HASH_SIZE);
      buffer = grown;
      this.#levels[level] = buffer;
    }
    buffer.set(hash, count * HASH_SIZE);
    this.#counts[level] = count + 1;
  }
}
