import { hashEquals, isHash, nodeHash } from './hash.ts';
import { isTreeSize } from './tree-math.ts';
import { PROOF_OK, proofFailure } from './verify-result.ts';
import type { ProofCheck } from './verify-result.ts';

/**
 * Verify that `leaf` (a leaf hash) is leaf number `index` of the tree of `size` leaves whose root is
 * `root`, given the inclusion proof `proof` (RFC 9162 §2.1.3.2, step for step). Sizes are numbers:
 * shifts are done by halving so sizes above 2^32 work.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  // Step 1: leaf_index must be below tree_size.
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) {
    return proofFailure('range', `leaf index ${index} is not below tree size ${size}`);
  }
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) {
    return proofFailure('hash-size', 'a leaf, root or proof hash is not 32 bytes');
  }
  // Step 2-3.
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) return proofFailure('proof-length', 'the inclusion proof has too many hashes');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  if (sn !== 0) return proofFailure('proof-length', 'the inclusion proof has too few hashes');
  if (!hashEquals(r, root)) {
    return proofFailure('root-mismatch', 'the root computed from the inclusion proof differs');
  }
  return PROOF_OK;
}
