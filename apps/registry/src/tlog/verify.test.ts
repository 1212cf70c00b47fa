import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ROOT, leafHash } from './hash.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { TreeHashes } from './tree-hashes.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';
import { flipBit, flippedNumbers, flippedProofs } from './testing/tamper.ts';
import { REFERENCE_LEAVES } from './testing/vectors.ts';
import { naivePathShape, naiveProofShape } from './testing/naive-tree.ts';

function referenceTree(): TreeHashes {
  const tree = new TreeHashes(new MemoryHashStore());
  for (const leaf of REFERENCE_LEAVES) tree.appendEntry(leaf);
  return tree;
}

const rejected = (check: { ok: boolean }, what: string): void =>
  assert.equal(check.ok, false, `${what} was accepted`);

describe('verifyInclusion', () => {
  const tree = referenceTree();

  it('rejects every one-bit change of the proof, leaf, root or index, and of the size unless the path shape is unchanged (all m < n ≤ 8)', () => {
    for (let n = 1; n <= 8; n++) {
      const root = tree.root(n);
      for (let m = 0; m < n; m++) {
        const leaf = tree.leafHash(m);
        const proof = tree.inclusionProof(m, n);
        for (const bad of flippedProofs(proof)) {
          rejected(verifyInclusion(m, n, leaf, bad, root), `PATH(${m}, ${n}) flipped`);
        }
        for (let bit = 0; bit < 256; bit++) {
          rejected(verifyInclusion(m, n, flipBit(leaf, bit), proof, root), 'leaf flipped');
          rejected(verifyInclusion(m, n, leaf, proof, flipBit(root, bit)), 'root flipped');
        }
        for (const badIndex of flippedNumbers(m, 8)) {
          rejected(verifyInclusion(badIndex, n, leaf, proof, root), `index ${m} -> ${badIndex}`);
        }
        for (const badSize of flippedNumbers(n, 8)) {
          // The proof does not bind the size (the checkpoint signature does): a size whose path has
          // the same shape is accepted, every other one is rejected.
          const same = badSize > m && naivePathShape(m, badSize) === naivePathShape(m, n);
          const check = verifyInclusion(m, badSize, leaf, proof, root);
          assert.equal(check.ok, same, `size ${n} -> ${badSize} for leaf ${m}`);
        }
      }
    }
  });

  it('names the reason: range, hash size, proof length, root mismatch', () => {
    const root = tree.root(8);
    const leaf = tree.leafHash(3);
    const proof = tree.inclusionProof(3, 8);
    const reason = (check: ReturnType<typeof verifyInclusion>): string =>
      check.ok ? 'ok' : `${check.code}/${check.reason}`;
    assert.equal(
      reason(verifyInclusion(8, 8, leaf, proof, root)),
      'REGISTRY_TLOG_PROOF_INVALID/range',
    );
    assert.equal(
      reason(verifyInclusion(-1, 8, leaf, proof, root)),
      'REGISTRY_TLOG_PROOF_INVALID/range',
    );
    assert.equal(
      reason(verifyInclusion(0, 2 ** 53, leaf, proof, root)),
      'REGISTRY_TLOG_PROOF_INVALID/range',
    );
    assert.equal(
      reason(verifyInclusion(3, 8, leaf, [...proof.slice(0, 2), new Uint8Array(31)], root)),
      'REGISTRY_TLOG_PROOF_INVALID/hash-size',
    );
    assert.equal(
      reason(verifyInclusion(3, 8, leaf, proof.slice(0, 2), root)),
      'REGISTRY_TLOG_PROOF_INVALID/proof-length',
    );
    assert.equal(
      reason(verifyInclusion(3, 8, leaf, [...proof, root], root)),
      'REGISTRY_TLOG_PROOF_INVALID/proof-length',
    );
    assert.equal(
      reason(verifyInclusion(3, 8, leaf, proof, EMPTY_ROOT)),
      'REGISTRY_TLOG_PROOF_INVALID/root-mismatch',
    );
    assert.equal(reason(verifyInclusion(0, 1, leaf, [], leaf)), 'ok');
  });
});

describe('verifyConsistency', () => {
  const tree = referenceTree();

  it('rejects every one-bit change of the proof, roots or old size, and of the new size unless the proof shape is unchanged (all 0 < m < n ≤ 8)', () => {
    for (let n = 2; n <= 8; n++) {
      const newRoot = tree.root(n);
      for (let m = 1; m < n; m++) {
        const oldRoot = tree.root(m);
        const proof = tree.consistencyProof(m, n);
        for (const bad of flippedProofs(proof)) {
          rejected(verifyConsistency(m, n, oldRoot, newRoot, bad), `PROOF(${m}, ${n}) flipped`);
        }
        for (let bit = 0; bit < 256; bit++) {
          rejected(verifyConsistency(m, n, flipBit(oldRoot, bit), newRoot, proof), 'old root');
          rejected(verifyConsistency(m, n, oldRoot, flipBit(newRoot, bit), proof), 'new root');
        }
        for (const bad of flippedNumbers(m, 8)) {
          rejected(verifyConsistency(bad, n, oldRoot, newRoot, proof), `old size ${m} -> ${bad}`);
        }
        for (const bad of flippedNumbers(n, 8)) {
          // As for inclusion: only a new size with the same proof shape is (necessarily) accepted.
          const same = bad > m && naiveProofShape(m, bad) === naiveProofShape(m, n);
          const check = verifyConsistency(m, bad, oldRoot, newRoot, proof);
          assert.equal(check.ok, same, `new size ${n} -> ${bad} from ${m}`);
        }
        rejected(verifyConsistency(m, n, newRoot, oldRoot, proof), 'swapped roots');
        rejected(verifyConsistency(m, n, oldRoot, newRoot, []), 'empty proof');
        rejected(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1)), 'short proof');
        rejected(verifyConsistency(m, n, oldRoot, newRoot, [...proof, newRoot]), 'long proof');
        rejected(verifyConsistency(m, n, oldRoot, newRoot, [oldRoot, ...proof]), 'prefixed');
      }
    }
  });

  it('handles equal sizes and the empty old tree as the edge cases they are', () => {
    const root5 = tree.root(5);
    assert.deepEqual(verifyConsistency(5, 5, root5, root5, []), { ok: true });
    rejected(verifyConsistency(5, 5, root5, tree.root(6), []), 'equal sizes, different roots');
    rejected(verifyConsistency(5, 5, root5, root5, [root5]), 'equal sizes, non-empty proof');
    assert.deepEqual(verifyConsistency(0, 5, EMPTY_ROOT, root5, []), { ok: true });
    rejected(verifyConsistency(0, 5, root5, root5, []), 'size 0 with a non-empty root');
    rejected(verifyConsistency(0, 5, EMPTY_ROOT, root5, [root5]), 'size 0 with a proof');
    rejected(verifyConsistency(6, 5, root5, root5, []), 'old size above new size');
    rejected(
      verifyConsistency(1, 2, leafHash(new Uint8Array()), root5, [new Uint8Array(33)]),
      'hash size',
    );
  });
});
