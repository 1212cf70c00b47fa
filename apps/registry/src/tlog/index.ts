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
export type { TlogResult } from './result.ts';
export type { NoteSignature, OpenedNote, NoteLimits } from './note.ts';
export { DEFAULT_NOTE_LIMITS } from './note.ts';
export {
  ALG_ED25519,
  noteKeyId,
  formatVerifierKey,
  parseVerifierKey,
  ed25519Verifier,
} from './note-key.ts';
export type { NoteVerifier } from './note-key.ts';
export { ed25519Signer, generateNoteKey, parseSignerKey } from './note-signer.ts';
export type { NoteSigner, NoteKeyPair } from './note-signer.ts';
export { openNote } from './note-open.ts';
export { signNote } from './note-sign.ts';
export { formatCheckpoint, parseCheckpoint, openCheckpoint } from './checkpoint.ts';
export type { Checkpoint, OpenedCheckpoint } from './checkpoint.ts';
export { signCheckpoint } from './checkpoint-sign.ts';
