import { pickle } from '@mlsec/formats/testing';
import type { PickleBuilder } from '@mlsec/formats/testing';

// Test helpers: checkpoint pickles written opcode by opcode as torch.save writes them (protocol 2).

/** `('storage', torch.<type>, key, 'cpu', numel)` then BINPERSID, as torch.save writes it. */
export function storage(
  b: PickleBuilder,
  type: string,
  key: string,
  numel: number,
  view?: [string, number, number],
): void {
  b.op('MARK').str('storage').global('torch', type).str(key).str('cpu').int(numel);
  if (view !== undefined) b.str(view[0]).int(view[1]).int(view[2]).op('TUPLE3');
  b.op('TUPLE').op('BINPERSID');
}

export function ints(b: PickleBuilder, values: readonly number[]): void {
  b.op('MARK');
  for (const v of values) b.int(v);
  b.op('TUPLE');
}

export function emptyOrderedDict(b: PickleBuilder): void {
  b.global('collections', 'OrderedDict').op('EMPTY_TUPLE').op('REDUCE');
}

export interface TensorSpec {
  type?: string;
  key: string;
  numel: number;
  offset?: number;
  shape: number[];
  stride: number[];
  view?: [string, number, number];
  metadata?: boolean;
}

/** `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()[, {}])`. */
export function tensor(b: PickleBuilder, t: TensorSpec): void {
  b.global('torch._utils', '_rebuild_tensor_v2').op('MARK');
  storage(b, t.type ?? 'FloatStorage', t.key, t.numel, t.view);
  b.int(t.offset ?? 0);
  ints(b, t.shape);
  ints(b, t.stride);
  b.op('NEWFALSE');
  emptyOrderedDict(b);
  if (t.metadata === true) b.op('EMPTY_DICT');
  b.op('TUPLE').op('REDUCE');
}

/** An OrderedDict state dict of `items` (name, writer), with torch's `_metadata` BUILD. */
export function stateDict(
  items: readonly (readonly [string, (b: PickleBuilder) => void])[],
): PickleBuilder {
  const b = pickle().proto(2);
  emptyOrderedDict(b);
  b.op('MARK');
  for (const [name, write] of items) {
    b.str(name);
    write(b);
  }
  b.op('SETITEMS');
  b.op('EMPTY_DICT').str('_metadata');
  emptyOrderedDict(b);
  b.str('').op('EMPTY_DICT').str('version').int(1).op('SETITEM').op('SETITEM');
  b.op('SETITEM').op('BUILD');
  return b;
}
