import type { TensorInput } from './tensor-input.ts';

/** Input formats `mlsec convert` reads. */
export type ConvertFormat = 'pytorch-zip' | 'pytorch-legacy' | 'npy' | 'npz' | 'joblib';

/**
 * What one input file converts to, worked out before a byte is written: the tensors to write (each
 * streams its bytes from the source when asked; tied duplicates already left out), the duplicates'
 * names, and what was left out. Every format's planner returns one; `convertFile` writes and verifies
 * it, so the writer, the metadata and `--verify` are the same for all of them.
 */
export interface ConvertPlan {
  readonly format: ConvertFormat;
  /** In the order the source lists them. */
  readonly tensors: readonly TensorInput[];
  /** Each tied duplicate left out, mapped to the name written in its place. */
  readonly tied: ReadonlyMap<string, string>;
  /** What was left out, one sentence each (optimizer state, non-tensor values). */
  readonly notices: readonly string[];
  /** The top-level key whose value was taken as the state dict (`state_dict`, `model`), if any. */
  readonly unwrapped?: string;
}
