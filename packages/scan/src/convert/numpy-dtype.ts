import { snippet } from '@mlsec/core';
import type { Refusal } from './interpret-types.ts';
import type { WritableDtype } from './tensor-input.ts';

/** A NumPy element type the converter writes, and whether its bytes must be swapped first. */
export interface NumpyDtype {
  readonly ok: true;
  readonly dtype: WritableDtype;
  /** `>` (big-endian) in a multi-byte type: each element is byte-swapped on the way out. */
  readonly bigEndian: boolean;
}

/** Why a NumPy type string is not converted. */
export interface NumpyDtypeRefusal {
  readonly ok: false;
  readonly refusal: Refusal;
}

/** Kind letter and item size -> SafeTensors dtype (numpy/core/_internal.py, `_convert_from_string`). */
const TYPES: Readonly<Record<string, WritableDtype>> = {
  f2: 'F16',
  f4: 'F32',
  f8: 'F64',
  i1: 'I8',
  i2: 'I16',
  i4: 'I32',
  i8: 'I64',
  u1: 'U8',
  u2: 'U16',
  u4: 'U32',
  u8: 'U64',
  b1: 'BOOL',
};

/**
 * Byte order, kind, size: the canonical form numpy's `dtype.str` writes ('<f8', '|u1', '>i4').
 * numpy writes '<', '>' or '|' (one byte); it also reads '=' and '|' on wider types, and no prefix,
 * as native order, which is little-endian on every platform np.load is compared against here.
 */
const TYPESTR = /^([<>|=]?)([biuf])(\d{1,2})$/;

/** Kinds numpy has that SafeTensors cannot hold (numpy/core/_dtype.py, `_kind_name`). */
const UNSUPPORTED_KINDS: Readonly<Record<string, string>> = {
  c: 'complex',
  S: 'byte-string',
  a: 'byte-string',
  U: 'unicode string',
  V: 'void (raw or structured)',
  m: 'timedelta',
  M: 'datetime',
};

function refused(code: Refusal['code'], message: string): NumpyDtypeRefusal {
  return { ok: false, refusal: { code, message } };
}

/**
 * Map a NumPy type string (a .npy `descr` that is a plain string, or a joblib/pickled dtype's `str`)
 * to the SafeTensors dtype written for it. An object dtype ('|O', 'O8', anything naming objects) is
 * `not-allowed`: loading it unpickles. Complex, strings, datetimes, void and other sizes are
 * `unsupported`. Nothing here parses more than the string.
 *
 * @example
 *   const t = numpyDtype('>f4'); // { ok: true, dtype: 'F32', bigEndian: true }
 */
export function numpyDtype(typestr: string): NumpyDtype | NumpyDtypeRefusal {
  const shown = snippet(typestr, 40);
  // Fail closed, as formats' interpretDescr does: any 'O' or "object" is an object dtype.
  if (typestr.includes('O') || /object/i.test(typestr)) {
    return refused('not-allowed', `dtype "${shown}" holds Python objects (loading it unpickles)`);
  }
  const m = TYPESTR.exec(typestr);
  const dtype = m === null ? undefined : TYPES[`${m[2]}${m[3]}`];
  if (m === null || dtype === undefined) {
    const kind = /^[<>|=]?([A-Za-z])/.exec(typestr)?.[1] ?? '';
    const what = UNSUPPORTED_KINDS[kind];
    return refused(
      'unsupported',
      what === undefined
        ? `dtype "${shown}" is not a numeric type SafeTensors can hold`
        : `dtype "${shown}" is ${what}; SafeTensors has no such type`,
    );
  }
  return { ok: true, dtype, bigEndian: m[1] === '>' && m[3] !== '1' };
}
