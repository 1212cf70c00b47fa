/**
 * The registry's ledger: log events appended in the same transaction as the state they record, the
 * Merkle tree kept in `tree_nodes`, proofs and signed checkpoints served from it, and a verifier that
 * recomputes everything from the entries and re-hashes the blobs they name (the core of
 * `mlsec registry audit verify`).
 */
export { appendEvent } from './append-event.ts';
export { logConsistencyProof, logInclusionProof, logRoot } from './proofs.ts';
export { latestCheckpoint, publishCheckpoint } from './checkpoints.ts';
export type { PublishedCheckpoint } from './checkpoints.ts';
export { verifyLedger } from './verify-ledger.ts';
export type { LedgerProblem, LedgerReport } from './verify-ledger.ts';
export { verifyBlobs } from './verify-blobs.ts';
export type { BlobCheckProgress, VerifyBlobsOptions } from './verify-blobs.ts';
export { treeTable } from './tree-table.ts';
