import { EMPTY_ROOT, hashEquals, isHash, nodeHash } from './hash.ts';
import { isTreeSize } from './tree-math.ts';
import { PROOF_OK, proofFailure } from './verify-result.ts';
import type { ProofCheck } from './verify-result.ts';

/**
 * Verify that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize`
 * leaves with root `newRoot` (the log only appended), given the consistency proof `proof`
 * (RFC 9162 §2.1.4.2, step for step, for 0 < oldSize < newSize). The edge cases the RFC leaves to the
 * caller: equal sizes need an empty proof and equal roots; old size 0 needs an empty proof and the
 * empty tree's root.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): ProofCheck {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) {
    return proofFailure('range', `old size ${oldSize} is not at most new size ${newSize}`);
  }
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) {
    return proofFailure('hash-size', 'a root or proof hash is not 32 bytes');
  }
  if (oldSize === 0 || oldSize === newSize) {
    if (proof.length !== 0) {
      return proofFailure('proof-length', 'the consistency proof should be empty');
    }
    const same = oldSize === 0 ? hashEquals(oldRoot, EMPTY_ROOT) : hashEquals(oldRoot, newRoot);
    return same ? PROOF_OK : proofFailure('root-mismatch', 'the roots of the two trees differ');
  }
  // Step 1.
  if (proof.length === 0) return proofFailure('proof-length', 'the consistency proof is empty');
  // Step 2: when the old tree is a perfect subtree, its root is the proof's implicit first element.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // Step 3-4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return proofFailure('proof-length', 'the consistency proof has too many hashes');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  if (sn !== 0) return proofFailure('proof-length', 'the consistency proof has too few hashes');
  if (!hashEquals(fr, oldRoot) || !hashEquals(sr, newRoot)) {
    return proofFailure('root-mismatch', 'the roots computed from the consistency proof differ');
  }
  return PROOF_OK;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
