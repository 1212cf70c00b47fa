import { resolveCallee, classOf } from './resolve.ts';
import { asNumber, asSequence, asString } from './values.ts';
import type { CallValue, PickleValue } from './values.ts';

/**
 * joblib.dump writes NumPy array data inside the pickle stream, right after the BUILD that sets the state
 * of a `joblib.numpy_pickle.NumpyArrayWrapper` (joblib/numpy_pickle.py, NumpyArrayWrapper.write_array and
 * NumpyUnpickler.load_build). From joblib 1.2 the wrapper has `numpy_array_alignment_bytes`: when it is
 * set (not None), one byte holding a padding length comes first, then that many padding bytes. Arrays
 * whose dtype has objects are written instead as a complete protocol 2 pickle, read back with
 * pickle.load. This module works out which of the two follows and how long raw data is, from the
 * symbolic wrapper, without trusting anything it cannot derive.
 */

const WRAPPERS = new Set([
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
]);
/** NumpyArrayWrapper.__init__ parameters, in order, with their defaults (joblib ≥ 1.2). */
const INIT_PARAMS = [
  'subclass',
  'shape',
  'order',
  'dtype',
  'allow_mmap',
  'numpy_array_alignment_bytes',
];
const MAX_DTYPE_DEPTH = 8;
/** dtypes examined per array (fields of structured dtypes included). */
const MAX_DTYPE_NODES = 256;
/** State keys a wrapper may have (joblib writes six). */
const MAX_STATE_KEYS = 64;
/** numpy allows at most 64 dimensions (NPY_MAXDIMS in numpy 2, 32 before). */
const MAX_DIMS = 64;
/** numpy dtype flag NPY_ITEM_REFCOUNT (0x01): the dtype holds Python objects (dtype.hasobject). */
const NPY_ITEM_REFCOUNT = 1;
/** Item sizes of numpy's one-character type codes (x86-64), for typestrs without a size. */
// prettier-ignore
const CHAR_SIZES: Readonly<Record<string, number>> = {
  '?': 1, b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, p: 8, P: 8, e: 2, f: 4, d: 8,
  g: 16, F: 8, D: 16, G: 32, O: 8, M: 8, m: 8, c: 1, S: 0, a: 0, U: 0, V: 0, u: 0,
};
/** Kind letters numpy only reads with a size ('u1' is uint8; 'u' alone is no dtype). */
const SIZED_ONLY = new Set(['u']);
const FLEXIBLE = new Set(['S', 'a', 'U', 'V']);

/** What follows a wrapper's BUILD. */
export type JoblibLayout =
  | {
      readonly kind: 'raw';
      readonly byteLength: bigint;
      readonly aligned: boolean;
      readonly dtype: string;
      readonly shape: readonly number[];
    }
  | { readonly kind: 'pickle'; readonly dtype: string; readonly shape: readonly number[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** True when `value` is an instance of NumpyArrayWrapper (created by any call of the class). */
export function isArrayWrapper(value: PickleValue): value is CallValue {
  if (value.kind !== 'call') return false;
  const cls = classOf(value);
  return cls !== undefined && WRAPPERS.has(`${cls.module}.${cls.name}`);
}

/** Merge a state dict into `attrs`; false when the dict is too large for a wrapper (64 keys). */
function setDict(attrs: Map<string, PickleValue>, dict: PickleValue | undefined): boolean {
  if (dict?.kind !== 'dict') return true;
  if (dict.items.length > 2 * MAX_STATE_KEYS || dict.dropped > 0) return false;
  for (let i = 0; i + 1 < dict.items.length; i += 2) {
    const key = asString(dict.items[i]);
    const value = dict.items[i + 1];
    if (key !== undefined && value !== undefined) attrs.set(key, value);
  }
  return true;
}

/**
 * The wrapper's attributes: `__init__` arguments when the class itself was called (REDUCE/INST/OBJ),
 * nothing when only `__new__` ran (NEWOBJ, copyreg reconstructors), then each BUILD state in order:
 * a dict updates `__dict__`, a (dict, slotstate) pair both (Lib/pickle.py load_build). Undefined when a
 * state is implausibly large (joblib writes six keys).
 */
export function wrapperAttributes(wrapper: CallValue): Map<string, PickleValue> | undefined {
  const attrs = new Map<string, PickleValue>();
  const direct = resolveCallee(wrapper.callee);
  const initRan =
    (wrapper.opcode === 'REDUCE' || wrapper.opcode === 'INST' || wrapper.opcode === 'OBJ') &&
    direct !== undefined &&
    WRAPPERS.has(`${direct.module}.${direct.name}`);
  if (initRan) {
    const args = asSequence(wrapper.args) ?? [];
    INIT_PARAMS.forEach((name, i) => {
      const arg = args[i];
      if (arg !== undefined) attrs.set(name, arg);
    });
    if (!attrs.has('allow_mmap')) attrs.set('allow_mmap', { kind: 'bool', value: false });
    if (!attrs.has('numpy_array_alignment_bytes'))
      attrs.set('numpy_array_alignment_bytes', { kind: 'int', value: 16 });
  }
  for (const state of wrapper.states) {
    const parts = state.kind === 'tuple' && state.items.length === 2 ? state.items : [state];
    for (const part of parts) if (!setDict(attrs, part)) return undefined;
  }
  return attrs;
}

interface DtypeInfo {
  readonly text: string;
  readonly itemsize: number;
  readonly hasObject: boolean;
}

/** A `numpy.dtype(typestr, align, copy)` call plus its BUILD state tuple, understood as numpy would. */
function dtypeInfo(
  value: PickleValue | undefined,
  budget = { nodes: MAX_DTYPE_NODES },
  depth = 0,
): DtypeInfo | undefined {
  if (value?.kind !== 'call' || depth > MAX_DTYPE_DEPTH || budget.nodes-- <= 0) return undefined;
  const callee = resolveCallee(value.callee);
  if (callee === undefined || callee.name !== 'dtype' || !callee.module.startsWith('numpy'))
    return undefined;
  const typestr = asString(asSequence(value.args)?.[0]);
  const match =
    typestr === undefined ? null : /^[<>|=]?([?a-zA-Z])(\d*)(?:\[\w*\])?$/.exec(typestr);
  const kind = match?.[1];
  if (match === null || kind === undefined || CHAR_SIZES[kind] === undefined) return undefined;
  const n = match[2] === '' ? undefined : Number(match[2]);
  if (n === undefined && SIZED_ONLY.has(kind)) return undefined;
  let itemsize = n === undefined ? (CHAR_SIZES[kind] ?? 0) : kind === 'U' ? n * 4 : n;
  // The BUILD state is (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]);
  // numpy takes elsize from it for flexible types and trusts its flags (so hasobject can be forced).
  const states = value.states.filter((s) => s.kind === 'tuple');
  const state = asSequence(states[states.length - 1]);
  const elsize = asNumber(state?.[5]);
  if (FLEXIBLE.has(kind) && elsize !== undefined && elsize >= 0) itemsize = elsize;
  let hasObject = kind === 'O' || ((asNumber(state?.[7]) ?? 0) & NPY_ITEM_REFCOUNT) !== 0;
  // Structured and subarray dtypes hold objects when a member does; a member past the node budget
  // leaves the answer unknown.
  const members: (PickleValue | undefined)[] = [];
  const subarray = asSequence(state?.[2]);
  if (subarray !== undefined) members.push(subarray[0]);
  const fields = state?.[4];
  if (fields?.kind === 'dict') {
    for (let i = 1; i < fields.items.length; i += 2) members.push(asSequence(fields.items[i])?.[0]);
  }
  for (const member of members) {
    if (hasObject) break;
    const info = dtypeInfo(member, budget, depth + 1);
    if (info === undefined) return undefined;
    hasObject = info.hasObject;
  }
  return { text: typestr ?? '', itemsize, hasObject };
}

/** Decide what follows the BUILD of a wrapper: raw bytes (how many), a nested pickle, or unknown. */
export function joblibLayout(wrapper: CallValue): JoblibLayout {
  const attrs = wrapperAttributes(wrapper);
  if (attrs === undefined) return { kind: 'unknown', reason: 'its state is implausibly large' };
  const dtype = dtypeInfo(attrs.get('dtype'));
  if (dtype === undefined)
    return { kind: 'unknown', reason: 'its dtype is not a numpy.dtype the analyser understands' };
  const dims = asSequence(attrs.get('shape'));
  if (dims === undefined || dims.length > MAX_DIMS) {
    return { kind: 'unknown', reason: 'its shape is not a tuple of at most 64 sizes' };
  }
  const shape: number[] = [];
  for (const dim of dims) {
    const n = asNumber(dim);
    if (n === undefined || n < 0)
      return { kind: 'unknown', reason: 'its shape holds something other than sizes' };
    shape.push(n);
  }
  if (dtype.hasObject) return { kind: 'pickle', dtype: dtype.text, shape };
  const count = shape.reduce((acc, n) => acc * BigInt(n), 1n);
  const alignment = attrs.get('numpy_array_alignment_bytes');
  return {
    kind: 'raw',
    byteLength: count * BigInt(dtype.itemsize),
    aligned: alignment !== undefined && alignment.kind !== 'none',
    dtype: dtype.text,
    shape,
  };
}
