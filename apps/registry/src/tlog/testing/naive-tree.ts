// The RFC 9162 §2.1 definitions written out literally over the whole list of leaf entries (no storage, no
// planning): the reference the tests hold TreeHashes and the verifiers to. Quadratic; for tests only.
import { EMPTY_ROOT, leafHash, nodeHash } from '../hash.ts';

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH(D[n]) from §2.1.1. */
export function naiveRoot(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return leafHash(d[0] as Uint8Array);
  const k = split(d.length);
  return nodeHash(naiveRoot(d.slice(0, k)), naiveRoot(d.slice(k)));
}

/** PATH(m, D[n]) from §2.1.3.1. */
export function naivePath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...naivePath(m, d.slice(0, k)), naiveRoot(d.slice(k))]
    : [...naivePath(m - k, d.slice(k)), naiveRoot(d.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) from §2.1.4.1. */
export function naiveProof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, d, true);
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [naiveRoot(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), naiveRoot(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), naiveRoot(d.slice(0, k))];
}

/**
 * The shape of PATH(m, D[n]): for each sibling, leaf side first, whether it sits left ('L') or right
 * ('R') of the path. A proof carries no other information about n, so the RFC verifier accepts a proof
 * for a different size exactly when the two shapes are equal (the size is bound by the signed
 * checkpoint, not by the proof).
 */
export function naivePathShape(m: number, n: number): string {
  if (n <= 1) return '';
  const k = split(n);
  return m < k ? `${naivePathShape(m, k)}R` : `${naivePathShape(m - k, n - k)}L`;
}

/** The shape of PROOF(m, D[n]) in the same sense: 'S' a subtree root, 'R'/'L' a right/left sibling. */
export function naiveProofShape(m: number, n: number, b = true): string {
  if (m === n) return b ? '' : 'S';
  const k = split(n);
  return m <= k ? `${naiveProofShape(m, k, b)}R` : `${naiveProofShape(m - k, n - k, false)}L`;
}
