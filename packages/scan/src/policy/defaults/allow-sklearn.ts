import { members } from './entry.ts';

/** scipy.sparse matrix and array classes, under their current (`_csr`) and pre-1.8 (`csr`) modules. */
function sparseClasses(): string[] {
  const out: string[] = [];
  for (const kind of ['csr', 'csc', 'coo', 'bsr', 'dia', 'lil', 'dok']) {
    for (const module of [`scipy.sparse._${kind}`, `scipy.sparse.${kind}`]) {
      out.push(`${module}.${kind}_matrix`, `${module}.${kind}_array`);
    }
  }
  return out;
}

/**
 * scikit-learn, joblib and their usual companions. scikit-learn estimators keep all logic out of
 * `__init__` and restore state with a plain `__setstate__`, so its classes are admitted by module prefix;
 * its functions are not (sklearn.datasets fetchers download, sklearn.utils._testing runs subprocesses and
 * is denied outright).
 */
export const SKLEARN_ALLOW: readonly string[] = [
  'sklearn.*:class',
  // BinaryTree.__reduce__ returns (newObj, (cls,), state); newObj only calls cls.__new__(cls).
  ...members('sklearn.neighbors._kd_tree', 'newObj'),
  ...members('sklearn.neighbors._ball_tree', 'newObj'),
  // joblib.dump replaces arrays by this wrapper; the array bytes follow the pickle in the stream.
  'joblib.numpy_pickle.NumpyArrayWrapper',
  ...sparseClasses(),
  // Gradient-boosting estimators commonly pickled next to scikit-learn ones.
  'xgboost.sklearn.*:class',
  'xgboost.core.Booster',
  'lightgbm.sklearn.*:class',
  'lightgbm.basic.Booster',
];
