import type { AnalysisAllowList } from './interpret-refusal.ts';

/**
 * What a joblib dump of NumPy arrays may import and call for conversion. joblib.dump replaces each
 * array by a `NumpyArrayWrapper` (joblib/numpy_pickle.py) holding its subclass, shape, order and a
 * `numpy.dtype`; joblib.load builds the wrapper, sets its state and reads the raw bytes after it. The
 * only other constructor kept is `collections.OrderedDict()` (a container). Anything else, reachable
 * from the result or not, stops the conversion.
 */
export const NUMPY_ARRAY_WRAPPERS: ReadonlySet<string> = new Set([
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
]);

/** The only `subclass` a wrapper may name (joblib rebuilds any other through its class). */
export const NDARRAY = 'numpy.ndarray';
export const NUMPY_DTYPE = 'numpy.dtype';
export const ORDERED_DICT = 'collections.OrderedDict';

/** Container types a pickle may name as plain globals (never called here). */
const BUILTIN_CONTAINERS: ReadonlySet<string> = new Set([
  'builtins.dict',
  'builtins.list',
  'builtins.tuple',
  'builtins.set',
  'builtins.frozenset',
]);

const CALLABLE: ReadonlySet<string> = new Set([...NUMPY_ARRAY_WRAPPERS, NUMPY_DTYPE, ORDERED_DICT]);

/** The joblib allow-list, for checkAnalysis. */
export const JOBLIB_ALLOWLIST: AnalysisAllowList = {
  isAllowedGlobal: (name) => CALLABLE.has(name) || name === NDARRAY || BUILTIN_CONTAINERS.has(name),
  isAllowedCallee: (name) => CALLABLE.has(name),
  user: 'a joblib dump of arrays',
  callees: 'an array wrapper, numpy.dtype or OrderedDict',
};
