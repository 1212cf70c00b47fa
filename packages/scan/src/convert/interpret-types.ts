import type { WritableDtype } from './tensor-input.ts';

/** One tensor of a checkpoint, as its pickle describes it (no bytes read yet). */
export interface TensorDescriptor {
  /** Dotted name: nested dicts flattened (`encoder.layer0.weight`), wrappers removed. */
  readonly name: string;
  readonly dtype: WritableDtype;
  readonly shape: readonly number[];
  /** In elements, as torch stores them (0 for expanded dims); may be non-contiguous. */
  readonly stride: readonly number[];
  /** The storage record (`data/<key>` in a zip checkpoint, the key of a legacy storage). */
  readonly storageKey: string;
  /** In elements of the storage dtype, from the storage start (legacy view offsets included). */
  readonly storageOffset: number;
  readonly storageDtype: WritableDtype;
  readonly storageNumel: number;
}

/** One storage the tensors point into. */
export interface StorageDescriptor {
  readonly key: string;
  readonly dtype: WritableDtype;
  /** Elements (bytes for an untyped storage). */
  readonly numel: number;
  /** The location tag torch wrote (`cpu`, `cuda:0`); only informative: nothing is moved. */
  readonly location: string;
}

/** What a checkpoint pickle holds, ready for conversion. */
export interface StateDictInterpretation {
  /** In the order the pickle lists them. */
  readonly tensors: readonly TensorDescriptor[];
  /** In order of first use. */
  readonly storages: readonly StorageDescriptor[];
  /** Names sharing one storage, offset, shape and stride (tied weights), each group in tensor order. */
  readonly tied: readonly (readonly string[])[];
  /** The top-level key whose value was taken as the state dict (`state_dict`, `model`), if any. */
  readonly unwrapped?: string;
  /** Things left out, one sentence each (optimizer state, non-tensor values). */
  readonly notices: readonly string[];
}

/**
 * Why interpretation stopped. `not-allowed`: a global or call outside the allow-list (the scanner's
 * finding says more); `unsupported`: allowed but not convertible (another dtype, an out-of-band buffer);
 * `malformed`: the allowed constructors got arguments torch would reject or that do not fit.
 */
export type RefusalCode = 'not-allowed' | 'unsupported' | 'malformed';

export interface Refusal {
  readonly code: RefusalCode;
  /** One sentence; untrusted text in it is escaped and truncated. */
  readonly message: string;
  /** `module.name` of the global or callee that stopped it, when one did. */
  readonly global?: string;
  /** Offset in the pickle of the opcode that made the value, when known. */
  readonly offset?: number;
  /** The pickle reader's issue code when the pickle could not be read (`PICKLE_TRUNCATED`, ...). */
  readonly issue?: string;
}

export type InterpretResult =
  | { readonly ok: true; readonly value: StateDictInterpretation }
  | { readonly ok: false; readonly refusal: Refusal };

/** Bounds of the walk (the pickle machine's limits bound the values already; these bound our work). */
export interface InterpretOptions {
  /** Nesting of containers and calls (default 64). */
  readonly maxDepth?: number;
  /** Tensors plus other leaves reached through names (default 1,000,000). */
  readonly maxLeaves?: number;
}
