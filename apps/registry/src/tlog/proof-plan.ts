import { MlsecError } from '@mlsec/core';
import { isTreeSize, rangeNodes, splitPoint } from './tree-math.ts';
import type { NodeId } from './tree-math.ts';

/**
 * What a root or proof is made of, before any hash is read: one entry per output hash, each the perfect
 * subtrees whose hashes fold (from the right) into it. Planning first lets a database-backed store fetch
 * every node of a proof in one query; there are O(log n) nodes in every plan.
 */
export type ProofPlan = readonly (readonly NodeId[])[];

function checkSize(name: string, value: number): void {
  if (!isTreeSize(value)) {
    throw new MlsecError('REGISTRY_TLOG_RANGE', `tlog: ${name} ${value} is not a safe integer ≥ 0`);
  }
}

/** Plan of MTH(D[0:n]): one entry (empty for n = 0, whose root is EMPTY_ROOT). */
export function rootPlan(n: number): ProofPlan {
  checkSize('tree size', n);
  return [rangeNodes(0, n)];
}

/**
 * Plan of the inclusion proof PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), leaf-side sibling first.
 * Throws REGISTRY_TLOG_RANGE unless 0 ≤ m < n.
 */
export function inclusionPlan(m: number, n: number): ProofPlan {
  checkSize('leaf index', m);
  checkSize('tree size', n);
  if (m >= n) {
    throw new MlsecError(
      'REGISTRY_TLOG_RANGE',
      `tlog: leaf index ${m} is not below tree size ${n}`,
    );
  }
  const out: NodeId[][] = [];
  // PATH(m, D[start:start+size]); siblings are appended on the way back up, so leaf-side first.
  const path = (index: number, start: number, size: number): void => {
    if (size <= 1) return;
    const k = splitPoint(size);
    if (index < k) {
      path(index, start, k);
      out.push(rangeNodes(start + k, start + size));
    } else {
      path(index - k, start + k, size - k);
      out.push(rangeNodes(start, start + k));
    }
  };
  path(m, 0, n);
  return out;
}

/**
 * Plan of the consistency proof PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1). Empty when m = 0 (every tree
 * extends the empty one) or m = n. Throws REGISTRY_TLOG_RANGE unless 0 ≤ m ≤ n.
 */
export function consistencyPlan(m: number, n: number): ProofPlan {
  checkSize('old size', m);
  checkSize('new size', n);
  if (m > n) {
    throw new MlsecError('REGISTRY_TLOG_RANGE', `tlog: old size ${m} is larger than new size ${n}`);
  }
  const out: NodeId[][] = [];
  if (m === 0) return out;
  // SUBPROOF(m, D[start:start+size], whole): `whole` is true while the old tree is a prefix of this
  // subtree the verifier already knows the root of.
  const subproof = (old: number, start: number, size: number, whole: boolean): void => {
    if (old === size) {
      if (!whole) out.push(rangeNodes(start, start + size));
      return;
    }
    const k = splitPoint(size);
    if (old <= k) {
      subproof(old, start, k, whole);
      out.push(rangeNodes(start + k, start + size));
    } else {
      subproof(old - k, start + k, size - k, false);
      out.push(rangeNodes(start, start + k));
    }
  };
  subproof(m, 0, n, true);
  return out;
}

/** Every node a plan reads, each once, in first-use order. */
export function planNodes(plan: ProofPlan): NodeId[] {
  const seen = new Set<string>();
  const out: NodeId[] = [];
  for (const entry of plan) {
    for (const node of entry) {
      const key = `${node.level}/${node.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(node);
    }
  }
  return out;
}
