import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ROOT, leafHash } from './hash.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { TreeHashes } from './tree-hashes.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';
import { naivePath, naiveProof, naiveRoot } from './testing/naive-tree.ts';
import {
  REFERENCE_CONSISTENCY,
  REFERENCE_LEAVES,
  REFERENCE_PATHS,
  REFERENCE_ROOTS,
} from './testing/vectors.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hexes = (list: readonly Uint8Array[]): string[] => list.map(hex);

function referenceTree(): TreeHashes {
  const tree = new TreeHashes(new MemoryHashStore());
  for (const leaf of REFERENCE_LEAVES) tree.appendEntry(leaf);
  return tree;
}

describe('TreeHashes over the RFC 6962 reference leaves', () => {
  it('gives the published root for every size 0..8, at every later size', () => {
    const tree = new TreeHashes(new MemoryHashStore());
    assert.equal(hex(tree.root()), REFERENCE_ROOTS[0]);
    REFERENCE_LEAVES.forEach((leaf, i) => {
      tree.appendEntry(leaf);
      for (let n = 0; n <= i + 1; n++) assert.equal(hex(tree.root(n)), REFERENCE_ROOTS[n]);
    });
    assert.equal(hex(EMPTY_ROOT), REFERENCE_ROOTS[0]);
  });

  it('gives the published audit paths and consistency proofs', () => {
    const tree = referenceTree();
    for (const { index, size, path } of REFERENCE_PATHS) {
      assert.deepEqual(hexes(tree.inclusionProof(index, size)), path, `path ${index} of ${size}`);
    }
    for (const { oldSize, newSize, proof } of REFERENCE_CONSISTENCY) {
      assert.deepEqual(hexes(tree.consistencyProof(oldSize, newSize)), proof);
    }
  });

  it('matches the literal RFC recursion and verifies for every (m, n) up to 8', () => {
    const tree = referenceTree();
    for (let n = 1; n <= 8; n++) {
      const d = REFERENCE_LEAVES.slice(0, n);
      const root = tree.root(n);
      assert.deepEqual(hex(root), hex(naiveRoot(d)));
      for (let m = 0; m < n; m++) {
        const path = tree.inclusionProof(m, n);
        assert.deepEqual(hexes(path), hexes(naivePath(m, d)), `PATH(${m}, D[${n}])`);
        const leaf = leafHash(REFERENCE_LEAVES[m] as Uint8Array);
        assert.deepEqual(verifyInclusion(m, n, leaf, path, root), { ok: true });
      }
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        assert.deepEqual(hexes(proof), hexes(naiveProof(m, d)), `PROOF(${m}, D[${n}])`);
        assert.deepEqual(verifyConsistency(m, n, tree.root(m), root, proof), { ok: true });
      }
      assert.deepEqual(tree.consistencyProof(0, n), []);
      assert.deepEqual(verifyConsistency(0, n, EMPTY_ROOT, root, []), { ok: true });
    }
  });

  it('refuses sizes and indices outside the tree with REGISTRY_TLOG_RANGE', () => {
    const tree = referenceTree();
    const range = { code: 'REGISTRY_TLOG_RANGE' };
    assert.throws(() => tree.root(9), range);
    assert.throws(() => tree.root(-1), range);
    assert.throws(() => tree.inclusionProof(8, 8), range);
    assert.throws(() => tree.inclusionProof(0, 0), range);
    assert.throws(() => tree.inclusionProof(1.5, 8), range);
    assert.throws(() => tree.consistencyProof(5, 4), range);
    assert.throws(() => tree.consistencyProof(1, 9), range);
    assert.throws(() => tree.leafHash(8), range);
  });

  it('reopens a store with the size it holds', () => {
    const store = new MemoryHashStore();
    const first = new TreeHashes(store);
    for (const leaf of REFERENCE_LEAVES.slice(0, 5)) first.appendEntry(leaf);
    const again = new TreeHashes(store);
    assert.equal(again.size, 5);
    for (const leaf of REFERENCE_LEAVES.slice(5)) again.appendEntry(leaf);
    assert.equal(hex(again.root()), REFERENCE_ROOTS[8]);
  });
});

describe('MemoryHashStore', () => {
  it('names a missing node with REGISTRY_TLOG_NODE_MISSING', () => {
    const store = new MemoryHashStore();
    assert.throws(() => store.readHashes([{ level: 0, index: 0 }]), {
      code: 'REGISTRY_TLOG_NODE_MISSING',
    });
    assert.throws(() => store.append([{ node: { level: 0, index: 1 }, hash: EMPTY_ROOT }]), {
      code: 'REGISTRY_TLOG_NODE_MISSING',
    });
    assert.equal(store.leafCount(), 0);
  });
});
