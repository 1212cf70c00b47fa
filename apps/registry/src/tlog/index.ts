/**
 * The registry's transparency log core: RFC 9162 Merkle tree hashing, a TreeHashes store of perfect
 * subtrees (memory now, a (level, index) → hash table later), inclusion and consistency proofs with the
 * RFC 9162 §2.1.3.2 / §2.1.4.2 verifiers, and C2SP signed-note checkpoints. node:crypto only.
 */
export { HASH_SIZE, EMPTY_ROOT, leafHash, nodeHash, hashEquals } from './hash.ts';
export type { NodeId } from './tree-math.ts';
export type { HashReader, AsyncHashReader, HashStore, StoredHash } from './hash-store.ts';
export { appendReads, appendedHashes } from './append-hashes.ts';
export { MemoryHashStore } from './memory-hash-store.ts';
export { TreeHashes } from './tree-hashes.ts';
export { rootPlan, inclusionPlan, consistencyPlan, planNodes } from './proof-plan.ts';
export type { ProofPlan } from './proof-plan.ts';
export { evaluatePlan, readPlan, readPlanAsync } from './plan-eval.ts';
export { verifyInclusion } from './verify-inclusion.ts';
export { verifyConsistency } from './verify-consistency.ts';
export type { ProofCheck, ProofFailure } from './verify-result.ts';
