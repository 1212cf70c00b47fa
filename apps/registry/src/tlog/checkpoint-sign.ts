import { formatCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { NoteSigner } from './note-signer.ts';
import { signNote } from './note-sign.ts';

/**
 * Sign a checkpoint as a C2SP signed note. The log's key name should be its origin
 * (c2sp.org/tlog-checkpoint); a log must never sign two checkpoints that are not consistent.
 */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}
