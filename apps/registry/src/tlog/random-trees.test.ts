import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { leafHash } from './hash.ts';
import type { AsyncHashReader } from './hash-store.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { readPlanAsync } from './plan-eval.ts';
import { consistencyPlan, inclusionPlan, rootPlan } from './proof-plan.ts';
import { TreeHashes } from './tree-hashes.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';
import { naivePath, naiveProof, naiveRoot } from './testing/naive-tree.ts';
import { flipBit, flippedNumbers, flippedProofs } from './testing/tamper.ts';

const hexes = (list: readonly Uint8Array[]): string[] =>
  list.map((h) => Buffer.from(h).toString('hex'));

/** Random entries of random length (0..40 bytes), fresh each run so the test explores. */
function randomEntries(count: number): Uint8Array[] {
  return Array.from({ length: count }, () => randomBytes(Math.floor(Math.random() * 41)));
}

const pick = (below: number): number => Math.floor(Math.random() * below);

describe('random trees', () => {
  it('agree with the literal RFC definitions for every (m, n) up to 48 leaves', () => {
    const entries = randomEntries(48);
    const tree = new TreeHashes(new MemoryHashStore());
    for (const entry of entries) tree.appendEntry(entry);
    for (let n = 0; n <= entries.length; n++) {
      const d = entries.slice(0, n);
      const root = tree.root(n);
      assert.deepEqual(hexes([root]), hexes([naiveRoot(d)]));
      for (let m = 0; m < n; m++) {
        const path = tree.inclusionProof(m, n);
        assert.deepEqual(hexes(path), hexes(naivePath(m, d)));
        const leaf = leafHash(entries[m] as Uint8Array);
        assert.equal(verifyInclusion(m, n, leaf, path, root).ok, true);
      }
      for (let m = 0; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        assert.deepEqual(hexes(proof), hexes(m === 0 ? [] : naiveProof(m, d)));
        assert.equal(verifyConsistency(m, n, tree.root(m), root, proof).ok, true);
      }
    }
  });

  it('agree with the literal RFC definitions at random sizes of a 3,000-leaf tree', () => {
    const entries = randomEntries(3000);
    const tree = new TreeHashes(new MemoryHashStore());
    for (const entry of entries) tree.appendEntry(entry);
    for (let round = 0; round < 60; round++) {
      const n = 1 + pick(entries.length);
      const m = pick(n);
      const d = entries.slice(0, n);
      const root = tree.root(n);
      assert.deepEqual(hexes([root]), hexes([naiveRoot(d)]), `root ${n}`);
      const path = tree.inclusionProof(m, n);
      assert.deepEqual(hexes(path), hexes(naivePath(m, d)), `PATH(${m}, ${n})`);
      assert.equal(verifyInclusion(m, n, tree.leafHash(m), path, root).ok, true);
      const old = 1 + pick(n);
      const proof = tree.consistencyProof(old, n);
      assert.deepEqual(hexes(proof), hexes(naiveProof(old, d)), `PROOF(${old}, ${n})`);
      assert.equal(verifyConsistency(old, n, tree.root(old), root, proof).ok, true);
    }
  });

  it('reject any one-bit change of proofs, roots and indices in a 3,000-leaf tree', () => {
    const tree = new TreeHashes(new MemoryHashStore());
    for (const entry of randomEntries(3000)) tree.appendEntry(entry);
    for (let round = 0; round < 8; round++) {
      const n = 2 + pick(tree.size - 1);
      const m = pick(n);
      const root = tree.root(n);
      const leaf = tree.leafHash(m);
      const path = tree.inclusionProof(m, n);
      for (const bad of flippedProofs(path)) {
        assert.equal(verifyInclusion(m, n, leaf, bad, root).ok, false);
      }
      for (let bit = 0; bit < 256; bit++) {
        assert.equal(verifyInclusion(m, n, leaf, path, flipBit(root, bit)).ok, false);
      }
      for (const bad of flippedNumbers(m, 13)) {
        assert.equal(verifyInclusion(bad, n, leaf, path, root).ok, false, `index ${m} -> ${bad}`);
      }
      const old = 1 + pick(n - 1);
      const oldRoot = tree.root(old);
      const proof = tree.consistencyProof(old, n);
      for (const bad of flippedProofs(proof)) {
        assert.equal(verifyConsistency(old, n, oldRoot, root, bad).ok, false);
      }
      for (let bit = 0; bit < 256; bit++) {
        assert.equal(verifyConsistency(old, n, flipBit(oldRoot, bit), root, proof).ok, false);
        assert.equal(verifyConsistency(old, n, oldRoot, flipBit(root, bit), proof).ok, false);
      }
      for (const bad of flippedNumbers(old, 13)) {
        assert.equal(
          verifyConsistency(bad, n, oldRoot, root, proof).ok,
          false,
          `old ${old}->${bad}`,
        );
      }
    }
  });

  it('give the same roots and proofs through an asynchronous reader (one batch per plan)', async () => {
    const store = new MemoryHashStore();
    const tree = new TreeHashes(store);
    for (const entry of randomEntries(700)) tree.appendEntry(entry);
    let batches = 0;
    const reader: AsyncHashReader = {
      readHashes: async (nodes) => {
        batches++;
        await Promise.resolve();
        return store.readHashes(nodes);
      },
    };
    for (let round = 0; round < 40; round++) {
      const n = 1 + pick(tree.size);
      const m = pick(n);
      batches = 0;
      assert.deepEqual(hexes(await readPlanAsync(reader, rootPlan(n))), hexes([tree.root(n)]));
      assert.deepEqual(
        hexes(await readPlanAsync(reader, inclusionPlan(m, n))),
        hexes(tree.inclusionProof(m, n)),
      );
      assert.deepEqual(
        hexes(await readPlanAsync(reader, consistencyPlan(m + 1, n))),
        hexes(tree.consistencyProof(m + 1, n)),
      );
      assert.ok(batches <= 3, `${batches} reads for three plans`);
    }
  });
});
