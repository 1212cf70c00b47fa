import type { Limits } from '@mlsec/core';
import type { GlobalRef } from './decode.ts';
import type { GlobalVia } from './machine.ts';
import type { CallOpcode } from './values.ts';

/** Options of analysePickle. */
export interface PickleAnalysisOptions {
  readonly limits: Limits;
  /** Stop after this many top-level pickles (legacy torch.save files hold 5, then raw storage bytes). */
  readonly maxPickles?: number;
  /** Read joblib array data after NumpyArrayWrapper BUILDs (default true); false reads as pickle.load does. */
  readonly joblib?: boolean;
}

/** One pickle of the stream (ended by STOP), or one nested in a joblib object array. */
export interface PickleInfo {
  readonly start: number;
  /** Offset after its STOP, or where decoding stopped. */
  readonly end: number;
  /** The PROTO argument, 0 when there is none. */
  readonly protocol: number;
  readonly opcodes: number;
  /** Index of the pickle this one is nested in (a joblib object array, or an embedded pickle). */
  readonly nestedIn?: number;
  /**
   * Set for a pickle passed as literal bytes to `pickle.loads` & co. in pickle `nestedIn`: the offset of
   * that call. Offsets of an embedded pickle (start, end, its globals and calls) count from the start of
   * the embedded bytes, not of the input.
   */
  readonly embeddedAt?: number;
}

/** A module attribute the pickle imports (CPython's find_class), as CPython resolves it. */
export interface PickleGlobal {
  /** After fix_imports (protocol < 3 maps `__builtin__` to `builtins`...). May be dotted for protocol ≥ 4. */
  readonly module: string;
  readonly name: string;
  readonly offset: number;
  readonly pickleIndex: number;
  /** The opcode that imported it, or RESOLVED: reached through calls (getattr, __import__, operator). */
  readonly via: GlobalVia;
  /** STACK_GLOBAL took its module or name from the memo. */
  readonly operandsFromMemo: boolean;
  /** The protocol in effect when it was imported. */
  readonly protocol: number;
  /** The module and name as written, when fix_imports changed them. */
  readonly written?: GlobalRef;
  /** STACK_GLOBAL operands computed at load time: module/name are renderings of the expressions. */
  readonly dynamic?: true;
}

/** A place where CPython would call something while loading. */
export interface PickleCall {
  readonly opcode: CallOpcode;
  readonly offset: number;
  readonly pickleIndex: number;
  /**
   * The global ultimately called, when it can be known: for REDUCE/INST/OBJ/NEWOBJ the callable (through
   * memo fetches, `getattr` and `__import__`); for BUILD and the container opcodes, the class whose
   * `__setstate__`/`append`/`__setitem__`... runs (or the global itself when a class is the target).
   */
  readonly callee: GlobalRef | undefined;
  /** Every global in the callee (or target) expression, bounded. */
  readonly calleeGlobals: readonly GlobalRef[];
  /** Bounded, escaped rendering, e.g. `posix.system('echo hi')`. */
  readonly rendered: string;
}

/** A joblib NumpyArrayWrapper whose data the analyser skipped (or analysed as a nested pickle). */
export interface JoblibArray {
  /** Offset of the wrapper's BUILD. */
  readonly offset: number;
  readonly pickleIndex: number;
  /** Where the padding byte (if any) or data starts, and the bytes taken in all. */
  readonly dataOffset: number;
  readonly dataLength: number;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Object array: the data is a nested pickle (its index in `pickles`). */
  readonly nestedPickle?: number;
}

/** Why the analysis stopped. */
export type PickleStop = 'end-of-input' | 'max-pickles' | 'trailing-data' | 'error';

/** Everything analysePickle saw, in stream order. */
export interface PickleAnalysis {
  readonly pickles: readonly PickleInfo[];
  readonly globals: readonly PickleGlobal[];
  readonly calls: readonly PickleCall[];
  /** EXT1/EXT2/EXT4 uses: objects from the copyreg extension registry, unknowable statically. */
  readonly extensions: readonly {
    readonly code: number;
    readonly offset: number;
    readonly pickleIndex: number;
  }[];
  readonly persistentIds: number;
  readonly joblibArrays: readonly JoblibArray[];
  /** Offset after the last pickle read (where trailing data or unread bytes begin); on error, where it occurred. */
  readonly end: number;
  readonly stoppedBy: PickleStop;
  /** Repeated globals/calls not listed once the lists reached limits.maxEntries (new ones still are). */
  readonly globalsDropped: number;
  readonly callsDropped: number;
}
