import { snippet, sliceSource } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';
import { wrapperAttributes } from '@mlsec/formats';
import type { CallValue, JoblibArray, PickleValue } from '@mlsec/formats';
import { byteSwapped } from './byte-swap.ts';
import { refuse } from './interpret-refusal.ts';
import type { TensorDescriptor } from './interpret-types.ts';
import { NDARRAY, NUMPY_DTYPE } from './joblib-allowlist.ts';
import { numpyDtype } from './numpy-dtype.ts';
import { WRITABLE_DTYPES } from './tensor-input.ts';
import type { TensorInput, WritableDtype } from './tensor-input.ts';
import { checkView, viewTensor } from './tensor-view.ts';

/** One joblib array, checked: what it converts to and where its bytes are in the pickle stream. */
export interface JoblibArrayLayout {
  readonly dtype: WritableDtype;
  readonly bigEndian: boolean;
  readonly shape: readonly number[];
  /** joblib writes an array flagged F-contiguous in column-major order ('F'), any other row-major. */
  readonly order: 'C' | 'F';
  /** Offset of the first data byte, after the alignment byte and padding when there are any. */
  readonly start: number;
  readonly byteLength: number;
}

function globalName(value: PickleValue | undefined): string | undefined {
  return value?.kind === 'global' ? `${value.module}.${value.name}` : undefined;
}

/**
 * The dtype's type string as numpy settles it: `numpy.dtype(typestr, align, copy)` then BUILD with
 * (version, byteorder, ...); the state's byteorder replaces the typestr's (numpy's arraydescr_setstate).
 */
function typestrOf(dtype: PickleValue | undefined, at: number): string {
  if (
    dtype?.kind !== 'call' ||
    dtype.opcode !== 'REDUCE' ||
    globalName(dtype.callee) !== NUMPY_DTYPE ||
    dtype.methods !== undefined
  ) {
    return refuse('malformed', `array at offset ${at} has a dtype that is not numpy.dtype(...)`, {
      offset: at,
    });
  }
  const args = dtype.args.kind === 'tuple' ? dtype.args.items : [];
  const written = args[0]?.kind === 'str' ? args[0].value : undefined;
  if (written === undefined) {
    return refuse('malformed', `array at offset ${at} has a dtype without a type string`, {
      offset: at,
    });
  }
  const states = dtype.states.filter((s) => s.kind === 'tuple');
  const last = states[states.length - 1];
  const order = last?.kind === 'tuple' ? last.items[1] : undefined;
  const body = written.replace(/^[<>|=]/, '');
  if (order?.kind === 'str' && /^[<>|=]$/.test(order.value)) return `${order.value}${body}`;
  return written;
}

/**
 * Check one wrapper and its data as joblib.load would read it (NumpyArrayWrapper.read_array): subclass
 * numpy.ndarray only, order C or F, a numeric dtype SafeTensors holds, no object array (its data is a
 * nested pickle), and data exactly the padding (alignment byte + that many bytes, when
 * `numpy_array_alignment_bytes` is set) plus shape × itemsize. Throws RefusalError.
 */
export function joblibArrayLayout(
  array: JoblibArray,
  wrapper: CallValue,
  stream: Uint8Array,
): JoblibArrayLayout {
  const at = array.offset;
  if (array.nestedPickle !== undefined) {
    refuse('not-allowed', `array at offset ${at} holds Python objects (a nested pickle)`, {
      global: NUMPY_DTYPE,
      offset: at,
    });
  }
  const attrs = wrapperAttributes(wrapper);
  if (attrs === undefined || wrapper.methods !== undefined) {
    refuse('not-allowed', `array wrapper at offset ${at} has an implausible state`, { offset: at });
  }
  const subclass = globalName(attrs.get('subclass'));
  if (subclass !== NDARRAY) {
    refuse(
      'not-allowed',
      `array at offset ${at} is a ${subclass === undefined ? 'computed class' : snippet(subclass)}, not a numpy.ndarray`,
      { global: subclass, offset: at },
    );
  }
  const order = attrs.get('order');
  if (order?.kind !== 'str' || (order.value !== 'C' && order.value !== 'F')) {
    refuse('malformed', `array at offset ${at} has an order other than C or F`, { offset: at });
  }
  const typestr = typestrOf(attrs.get('dtype'), at);
  const dtype = numpyDtype(typestr);
  if (!dtype.ok)
    refuse(dtype.refusal.code, `array at offset ${at}: ${dtype.refusal.message}`, { offset: at });
  const byteLength = array.shape.reduce((n, d) => n * d, WRITABLE_DTYPES[dtype.dtype]);
  const alignment = attrs.get('numpy_array_alignment_bytes');
  const aligned = alignment !== undefined && alignment.kind !== 'none';
  const padding = aligned ? 1 + (stream[array.dataOffset] ?? 0) : 0;
  if (!Number.isSafeInteger(byteLength) || array.dataLength !== padding + byteLength) {
    refuse(
      'malformed',
      `array at offset ${at} has ${array.dataLength} data bytes, not ${padding} padding + ${byteLength}`,
      { offset: at },
    );
  }
  return {
    dtype: dtype.dtype,
    bigEndian: dtype.bigEndian,
    shape: array.shape,
    order: order.value,
    start: array.dataOffset + padding,
    byteLength,
  };
}

/** Element strides of a row-major ('C') or column-major ('F') layout. */
function strides(shape: readonly number[], order: 'C' | 'F'): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let step = 1;
  const dims = shape.map((_, i) => (order === 'C' ? shape.length - 1 - i : i));
  for (const d of dims) {
    out[d] = step;
    step *= shape[d] ?? 0;
  }
  return out;
}

/**
 * The tensor for a checked array: its bytes stream from `data` (the file, or the decompressed stream);
 * an F-order array is materialised in C order, a big-endian one byte-swapped element by element.
 */
export function joblibTensor(
  name: string,
  layout: JoblibArrayLayout,
  data: ByteSource,
): TensorInput {
  const numel = layout.byteLength / WRITABLE_DTYPES[layout.dtype];
  const descriptor: TensorDescriptor = {
    name,
    dtype: layout.dtype,
    shape: layout.shape,
    stride: strides(layout.shape, layout.order),
    storageKey: name,
    storageOffset: 0,
    storageDtype: layout.dtype,
    storageNumel: numel,
  };
  const last = checkView(descriptor);
  const tensor = viewTensor(
    name,
    descriptor,
    sliceSource(data, layout.start, layout.byteLength),
    last,
  );
  return layout.bigEndian ? byteSwapped(tensor, WRITABLE_DTYPES[layout.dtype]) : tensor;
}
