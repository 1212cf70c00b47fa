/** Why a proof was rejected; the code is always REGISTRY_TLOG_PROOF_INVALID. */
export type ProofFailure =
  /** The index or sizes are not safe integers, or out of order (index ≥ size, old size > new size). */
  | 'range'
  /** A hash (leaf, root or proof element) is not 32 bytes. */
  | 'hash-size'
  /** The proof has too many or too few hashes for the index and sizes. */
  | 'proof-length'
  /** The hashes recomputed from the proof differ from the root(s) given. */
  | 'root-mismatch';

/** The result of verifying an inclusion or consistency proof: pure, never throws on bad input. */
export type ProofCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'REGISTRY_TLOG_PROOF_INVALID';
      readonly reason: ProofFailure;
      readonly message: string;
    };

/** The accepted result. */
export const PROOF_OK: ProofCheck = Object.freeze({ ok: true });

/** A rejected result. */
export function proofFailure(reason: ProofFailure, message: string): ProofCheck {
  return { ok: false, code: 'REGISTRY_TLOG_PROOF_INVALID', reason, message };
}
