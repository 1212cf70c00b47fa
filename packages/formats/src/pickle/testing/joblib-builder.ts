import { pickle } from './pickle-builder.ts';
import type { PickleBuilder } from './pickle-builder.ts';

/** How a test joblib wrapper is described. */
export interface WrapperSpec {
  /** numpy.dtype's first argument, e.g. 'f8', 'U5', 'O8'. */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** State elsize (flexible dtypes), -1 by default. */
  readonly elsize?: number;
  /** State flags (63 for object dtypes), 0 by default. */
  readonly flags?: number;
  /** numpy_array_alignment_bytes: a number, null for an explicit None, undefined to leave it out (joblib < 1.2). */
  readonly alignment?: number | null;
  /** How the wrapper is created: NEWOBJ (joblib's protocol ≥ 2 output) or a REDUCE calling __init__. */
  readonly via?: 'NEWOBJ' | 'INIT';
}

/** Push `numpy.dtype(typestr, False, True)` with its BUILD state tuple. */
export function pushDtype(
  p: PickleBuilder,
  typestr: string,
  elsize = -1,
  flags = 0,
): PickleBuilder {
  p.global('numpy', 'dtype').str(typestr).op('NEWFALSE').op('NEWTRUE').op('TUPLE3').op('REDUCE');
  p.op('MARK').int(3).str('<').op('NONE').op('NONE').op('NONE');
  p.op('BININT', ...[elsize, elsize >> 8, elsize >> 16, elsize >> 24].map((b) => b & 0xff));
  p.op('BININT', 0xff, 0xff, 0xff, 0xff).int(flags).op('TUPLE').op('BUILD');
  return p;
}

/**
 * Append a NumpyArrayWrapper and its BUILD to `p`, as joblib.dump writes it; the caller appends the array
 * data (padding byte, padding, bytes) or nested pickle, then what follows.
 */
export function pushWrapper(p: PickleBuilder, spec: WrapperSpec): PickleBuilder {
  const shape = (b: PickleBuilder): void => {
    b.op('MARK');
    for (const n of spec.shape) b.int(n);
    b.op('TUPLE');
  };
  if (spec.via === 'INIT') {
    p.global('joblib.numpy_pickle', 'NumpyArrayWrapper').op('MARK').global('numpy', 'ndarray');
    shape(p);
    p.str('C');
    pushDtype(p, spec.dtype, spec.elsize, spec.flags);
    p.op('TUPLE').op('REDUCE').op('EMPTY_DICT');
  } else {
    p.global('joblib.numpy_pickle', 'NumpyArrayWrapper').op('EMPTY_TUPLE').op('NEWOBJ');
    p.op('EMPTY_DICT').op('MARK').str('subclass').global('numpy', 'ndarray').str('shape');
    shape(p);
    p.str('order').str('C').str('dtype');
    pushDtype(p, spec.dtype, spec.elsize, spec.flags);
    p.str('allow_mmap').op('NEWTRUE');
    if (spec.alignment !== undefined) {
      p.str('numpy_array_alignment_bytes');
      if (spec.alignment === null) p.op('NONE');
      else p.int(spec.alignment);
    }
    p.op('SETITEMS');
  }
  return p.op('BUILD');
}

/** A whole joblib-style pickle: PROTO 2, the wrapper, its raw data, then `after` (default STOP). */
export function joblibPickle(
  spec: WrapperSpec,
  data: readonly number[] | Uint8Array,
  after: readonly number[] = [0x2e],
): Uint8Array {
  return pushWrapper(pickle().proto(2), spec).raw(data).raw(after).build();
}
