import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicy } from './create-policy.ts';

const policy = createPolicy();

/** `module name` pairs, the way the GLOBAL opcode writes them. */
function pairs(list: string): [string, string][] {
  return list
    .trim()
    .split('\n')
    .map((line) => {
      const [module = '', name = ''] = line.trim().split(' ');
      return [module, name];
    });
}

function assertAll(list: string, kind: 'allowed' | 'unknown'): void {
  for (const [module, name] of pairs(list)) {
    const verdict = policy.classifyGlobal(module, name);
    assert.equal(verdict.kind, kind, `${module} ${name}: ${JSON.stringify(verdict)}`);
  }
}

describe('classifyGlobal', () => {
  describe('when a torch.save checkpoint names its usual globals', () => {
    it('allows state dicts, storages, dtypes and devices', () => {
      assertAll(
        `collections OrderedDict
         torch._utils _rebuild_tensor_v2
         torch._utils _rebuild_parameter
         torch._utils _rebuild_qtensor
         torch._tensor _rebuild_from_type_v2
         torch FloatStorage
         torch HalfStorage
         torch BFloat16Storage
         torch LongStorage
         torch.storage UntypedStorage
         torch Tensor
         torch device
         torch Size
         torch float16
         torch bfloat16
         torch per_tensor_affine
         torch contiguous_format`,
        'allowed',
      );
    });

    it('allows the classes of a whole pickled module and its optimizer', () => {
      assertAll(
        `torch.nn.modules.linear Linear
         torch.nn.modules.container Sequential
         torch.nn.modules.conv Conv2d
         torch.nn.modules.batchnorm BatchNorm2d
         torch.nn.modules.activation ReLU
         torch.nn.modules.sparse Embedding
         torch.nn.modules.normalization LayerNorm
         torch.nn.parameter Parameter
         torch.nn.functional gelu
         torch._C._nn gelu
         torch.optim.adamw AdamW
         torch.optim.lr_scheduler CosineAnnealingLR
         torch.amp.grad_scaler GradScaler`,
        'allowed',
      );
    });

    it('resolves a protocol 4 qualified name from the first component', () => {
      assert.equal(policy.classifyGlobal('torch', '_utils._rebuild_tensor_v2').kind, 'allowed');
    });
  });

  describe('when a NumPy array, scalar or generator is pickled', () => {
    it('allows NumPy 1 and NumPy 2 spellings alike', () => {
      assertAll(
        `numpy.core.multiarray _reconstruct
         numpy._core.multiarray _reconstruct
         numpy.core.multiarray scalar
         numpy._core.multiarray scalar
         numpy.core.numeric _frombuffer
         numpy._core.numeric _frombuffer
         numpy ndarray
         numpy dtype
         numpy float64
         numpy int64
         numpy bool_
         numpy.dtypes Float64DType
         numpy.ma.core _mareconstruct
         numpy.random._pickle __randomstate_ctor
         numpy.random._pickle __bit_generator_ctor
         numpy.random._mt19937 MT19937
         numpy.random._pcg64 PCG64`,
        'allowed',
      );
    });
  });

  describe('when a scikit-learn or joblib model is pickled', () => {
    it('allows estimator classes, Cython reconstructors and joblib array wrappers', () => {
      assertAll(
        `sklearn.linear_model._logistic LogisticRegression
         sklearn.ensemble._forest RandomForestClassifier
         sklearn.tree._classes DecisionTreeClassifier
         sklearn.tree._tree Tree
         sklearn.preprocessing._data StandardScaler
         sklearn.pipeline Pipeline
         sklearn.compose._column_transformer ColumnTransformer
         sklearn.feature_extraction.text TfidfVectorizer
         sklearn.neighbors._kd_tree KDTree
         sklearn.neighbors._kd_tree newObj
         sklearn._loss._loss __pyx_unpickle_CyHalfSquaredError
         sklearn.utils._bunch Bunch
         scipy.sparse._csr csr_matrix
         scipy.sparse.csr csr_matrix
         xgboost.sklearn XGBClassifier
         xgboost.core Booster
         lightgbm.sklearn LGBMRegressor
         joblib.numpy_pickle NumpyArrayWrapper
         sklearn.externals.joblib.numpy_pickle NumpyArrayWrapper`,
        'allowed',
      );
    });
  });

  describe('when standard containers and values are pickled', () => {
    it('allows builtin types under Python 3 and Python 2 module names', () => {
      assertAll(
        `builtins set
         __builtin__ set
         builtins frozenset
         builtins bytearray
         builtins complex
         builtins slice
         builtins range
         builtins object
         copyreg _reconstructor
         copy_reg _reconstructor
         copyreg __newobj__
         _codecs encode
         collections defaultdict
         datetime datetime
         datetime timedelta
         decimal Decimal
         fractions Fraction
         uuid UUID
         argparse Namespace
         functools partial`,
        'allowed',
      );
    });
  });

  describe('when a global is neither allowed nor denied', () => {
    it('reports it as unknown', () => {
      assertAll(
        `__main__ Net
         mylab.models ResNetVariant
         numpy prod
         sklearn.datasets._openml fetch_openml
         pathlib PosixPath
         builtins type
         builtins dict.get
         torch.nn.functional some_new_function`,
        'unknown',
      );
    });

    it('does not let a wildcard admit an attribute path', () => {
      assert.equal(policy.classifyGlobal('sklearn', 'pipeline.Pipeline').kind, 'unknown');
      assert.equal(policy.classifyGlobal('sklearn.pipeline', 'Pipeline.fit').kind, 'unknown');
    });

    it('treats names that are not identifiers as unknown instead of throwing', () => {
      for (const [module, name] of [
        ['', 'x'],
        ['os ', 'system'],
        ['torch', ''],
        ['a..b', 'c'],
        ['x', 'y\n'],
      ]) {
        assert.equal(policy.classifyGlobal(module ?? '', name ?? '').kind, 'unknown');
      }
    });
  });
});
