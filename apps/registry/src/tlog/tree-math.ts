import { MlsecError } from '@mlsec/core';

/**
 * A perfect (complete) subtree of the log: the 2^level leaves starting at index · 2^level. Level 0 nodes
 * are the leaf hashes. This pair is the key a hash store (memory, or a database table) is indexed by.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** 2^level as a number (exact up to 2^53, beyond any log size). */
export function pow2(level: number): number {
  return 2 ** level;
}

/** The largest power of two strictly smaller than n, for n ≥ 2 (the split point k of RFC 9162 §2.1.1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The level of the highest set bit of n ≥ 1 (floor(log2 n)). */
function highBit(n: number): number {
  let level = 0;
  while (pow2(level + 1) <= n) level++;
  return level;
}

/**
 * The perfect subtrees that make up leaves [start, end), largest first. For the ranges the RFC 9162
 * recursion produces (a subtree of a left-complete tree: start is a multiple of a power of two at least
 * the range's length), folding their hashes from the right gives MTH of the range; `rangeNodes` checks
 * that alignment and throws CORE_INTERNAL if it is broken (a bug, never bad input).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let length = end - start;
  let position = start;
  while (length > 0) {
    const level = highBit(length);
    const size = pow2(level);
    if (position % size !== 0) {
      throw new MlsecError('CORE_INTERNAL', `tlog: range [${start}, ${end}) is not tree-aligned`);
    }
    nodes.push({ level, index: position / size });
    position += size;
    length -= size;
  }
  return nodes;
}

/** True when n is a safe integer ≥ 0 (a tree size or leaf index). */
export function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
