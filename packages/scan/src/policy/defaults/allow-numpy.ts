import { members } from './entry.ts';

/**
 * NumPy globals of pickled arrays, scalars, dtypes and random generators (numpy/core/multiarray,
 * numpy/core/numeric.py `_frombuffer` for protocol 5, numpy/ma, numpy/random/_pickle.py). Exact names
 * only: `numpy.*` would admit numpy.testing's runstring (exec), numpy.load (nested pickles) and
 * numpy.f2py (eval). NumPy 2's `numpy._core` paths are normalised to `numpy.core`.
 */
export const NUMPY_ALLOW: readonly string[] = [
  ...members('numpy.core.multiarray', '_reconstruct scalar'),
  'numpy.core.numeric._frombuffer',
  ...members('numpy', 'ndarray dtype matrix recarray record'),
  ...members('numpy.ma.core', '_mareconstruct MaskedArray'),
  // NumPy 2 DType classes (numpy.dtypes.Float64DType) when a dtype class is pickled.
  'numpy.dtypes.*:class',
  // Scalar types: estimators keep them as parameters (dtype=np.float64).
  ...members(
    'numpy',
    `bool_ bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 intc uintc intp uintp int_ uint
     longlong ulonglong byte ubyte short ushort float16 float32 float64 half single double longdouble
     float_ complex64 complex128 clongdouble complex_ csingle cdouble str_ bytes_ unicode_ string_
     object_ void datetime64 timedelta64`,
  ),
  // Random state: ctors look the bit generator up among NumPy's own by name or class.
  ...members('numpy.random._pickle', '__randomstate_ctor __generator_ctor __bit_generator_ctor'),
  'numpy.random.mtrand.RandomState',
  'numpy.random._generator.Generator',
  'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64',
  'numpy.random._pcg64.PCG64DXSM',
  'numpy.random._philox.Philox',
  'numpy.random._sfc64.SFC64',
  'numpy.random.bit_generator.SeedSequence',
  'numpy.random.bit_generator.__pyx_unpickle_SeedSequence',
];
