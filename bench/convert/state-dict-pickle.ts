import { PickleWriter } from './pickle-writer.ts';

/** Element types of the benchmark checkpoint. */
export type BenchDtype = 'F32' | 'F16' | 'BF16';

export const ITEM_BYTES: Readonly<Record<BenchDtype, number>> = { F32: 4, F16: 2, BF16: 2 };

const STORAGE_CLASS: Readonly<Record<BenchDtype, string>> = {
  F32: 'FloatStorage',
  F16: 'HalfStorage',
  BF16: 'BFloat16Storage',
};

/** One storage record, `data/<key>`; `seed` picks its deterministic contents. */
export interface StorageSpec {
  readonly key: string;
  readonly dtype: BenchDtype;
  readonly numel: number;
  readonly seed: number;
}

/** One state-dict entry: a view of a storage (offset and strides in elements). */
export interface TensorSpec {
  readonly name: string;
  readonly storage: StorageSpec;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

export interface StateDictSpec {
  /** In state-dict order (which is also the order storage keys were handed out). */
  readonly tensors: readonly TensorSpec[];
  /** Module prefixes of `state_dict._metadata` in module order ('' is the root), each version 1. */
  readonly modules: readonly string[];
}

/** Python's _batch_setitems: MARK … SETITEMS per batch of 1000, a lone item with SETITEM. */
function setItems<T>(w: PickleWriter, items: readonly T[], save: (item: T) => void): void {
  for (let at = 0; at < items.length; at += 1000) {
    const batch = items.slice(at, at + 1000);
    if (batch.length > 1) w.op(0x28);
    for (const item of batch) save(item);
    w.op(batch.length > 1 ? 0x75 : 0x73);
  }
}

/** `OrderedDict()` as collections.OrderedDict.__reduce__ pickles it: GLOBAL, EMPTY_TUPLE, REDUCE. */
function orderedDict(w: PickleWriter): void {
  w.global('collections', 'OrderedDict');
  w.op(0x29, 0x52);
  w.put();
}

/** torch.Tensor.__reduce_ex__ in torch 1.13: _rebuild_tensor_v2(storage, offset, size, stride, …). */
function tensor(w: PickleWriter, t: TensorSpec): void {
  w.global('torch._utils', '_rebuild_tensor_v2');
  w.op(0x28);
  // torch.serialization._save's persistent_id: ('storage', storage type, key, location, numel).
  w.op(0x28);
  w.str('storage', 'str:storage');
  w.global('torch', STORAGE_CLASS[t.storage.dtype]);
  w.str(t.storage.key, `key:${t.storage.key}`);
  w.str('cpu', 'str:cpu');
  w.int(t.storage.numel);
  w.op(0x74);
  w.put();
  w.op(0x51); // BINPERSID
  w.int(t.offset);
  w.intTuple(t.shape);
  w.intTuple(t.stride);
  w.op(0x89); // requires_grad False
  orderedDict(w); // backward hooks
  w.op(0x74);
  w.put();
  w.op(0x52);
  w.put();
}

/**
 * data.pkl of `torch.save(model.state_dict(), f)` with torch 1.13 (pickle protocol 2): an OrderedDict
 * of tensors, then BUILD with `{'_metadata': OrderedDict(prefix -> {'version': 1})}`.
 */
export function stateDictPickle(spec: StateDictSpec): Uint8Array {
  const w = new PickleWriter();
  w.op(0x80, 2);
  orderedDict(w);
  setItems(w, spec.tensors, (t) => {
    w.str(t.name);
    tensor(w, t);
  });
  w.op(0x7d); // EMPTY_DICT: the OrderedDict's __dict__
  w.put();
  w.str('_metadata');
  orderedDict(w);
  setItems(w, spec.modules, (prefix) => {
    w.str(prefix);
    w.op(0x7d);
    w.put();
    w.str('version', 'str:version');
    w.int(1);
    w.op(0x73);
  });
  w.op(0x73, 0x62, 0x2e); // SETITEM BUILD STOP
  return w.bytes();
}
