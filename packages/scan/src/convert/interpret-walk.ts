import { snippet } from '@mlsec/core';
import type { CallValue, PickleValue } from '@mlsec/formats';
import {
  CALLABLE,
  DTYPES,
  STORAGE_TYPES,
  UNTYPED_STORAGES,
  isAllowedGlobal,
  isOtherTorchStorage,
} from './interpret-allowlist.ts';
import { refuse } from './interpret-refusal.ts';
import type { StorageDescriptor, TensorDescriptor } from './interpret-types.ts';

/** A tensor before it has a name. */
export type RawTensor = Omit<TensorDescriptor, 'name'>;

/** The checkpoint's object graph, reduced to what conversion needs. */
export type Node =
  | { readonly kind: 'tensor'; readonly tensor: RawTensor }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, Node])[] }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'scalar'; readonly type: string };

const EMPTY_MAP: Node = { kind: 'map', entries: [] };

function globalName(value: PickleValue): string | undefined {
  return value.kind === 'global' ? `${value.module}.${value.name}` : undefined;
}

function int(value: PickleValue | undefined, what: string, at: number): number {
  if (value?.kind === 'int' && typeof value.value === 'number' && value.value >= 0)
    return value.value;
  if (value?.kind === 'int' && typeof value.value === 'bigint') {
    return refuse('unsupported', `${what} at offset ${at} is too large`, { offset: at });
  }
  return refuse('malformed', `${what} at offset ${at} is not a non-negative integer`, {
    offset: at,
  });
}

function ints(value: PickleValue | undefined, what: string, at: number): number[] {
  if (value?.kind !== 'tuple' && value?.kind !== 'list') {
    return refuse('malformed', `${what} at offset ${at} is not a tuple`, { offset: at });
  }
  return value.items.map((v) => int(v, what, at));
}

/**
 * Walks the value pickle.load would return, accepting only the allow-listed constructors. Each object is
 * visited once (memo references share the result, which is how tied weights show up); a cycle or a
 * nesting past maxDepth is refused. Throws RefusalError.
 */
export class Walker {
  readonly storages = new Map<string, StorageDescriptor>();
  private readonly done = new Map<PickleValue, Node>();
  private readonly active = new Set<PickleValue>();
  private readonly maxDepth: number;

  constructor(maxDepth: number) {
    this.maxDepth = maxDepth;
  }

  walk(value: PickleValue, depth = 0): Node {
    const known = this.done.get(value);
    if (known !== undefined) return known;
    if (this.active.has(value)) refuse('malformed', 'the object graph refers to itself');
    if (depth > this.maxDepth) refuse('unsupported', `nesting deeper than ${this.maxDepth}`);
    this.active.add(value);
    const node = this.visit(value, depth + 1);
    this.active.delete(value);
    this.done.set(value, node);
    return node;
  }

  private visit(value: PickleValue, depth: number): Node {
    switch (value.kind) {
      case 'none':
      case 'bool':
      case 'int':
      case 'float':
      case 'str':
      case 'bytes':
        return { kind: 'scalar', type: value.kind };
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
        if (value.dropped > 0)
          refuse('unsupported', `a ${value.kind} has more items than the limits allow`);
        return { kind: 'seq', items: value.items.map((v) => this.walk(v, depth)) };
      case 'dict':
        if (value.dropped > 0) refuse('unsupported', 'a dict has more items than the limits allow');
        return this.map(value.items, depth, undefined);
      case 'global': {
        const name = globalName(value) ?? '';
        if (!isAllowedGlobal(name))
          refuse('not-allowed', `global ${snippet(name)} is not allowed`, { global: name });
        return { kind: 'scalar', type: DTYPES.has(name) ? 'dtype' : 'type' };
      }
      case 'call':
        return this.call(value, depth);
      case 'persid':
        return refuse('unsupported', 'a persistent id outside a tensor');
      case 'attr':
        return refuse('not-allowed', `attribute lookup .${snippet(value.name)} is not allowed`);
      case 'ext':
        return refuse(
          'not-allowed',
          `EXT code ${value.code} loads an object from the copyreg registry`,
        );
      case 'opaque':
        return refuse(
          'unsupported',
          `the pickle holds a value that cannot be read statically (${value.what})`,
        );
    }
  }

  private map(items: readonly PickleValue[], depth: number, at: number | undefined): Node {
    const entries: (readonly [string, Node])[] = [];
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i] as PickleValue;
      let name: string;
      if (key.kind === 'str') name = key.value;
      else if (key.kind === 'int' && key.value !== undefined) name = String(key.value);
      else {
        return refuse('unsupported', `a dict key is a ${key.kind}, not a str or int`, {
          offset: at,
        });
      }
      entries.push([name, this.walk(items[i + 1] as PickleValue, depth)]);
    }
    return { kind: 'map', entries };
  }

  private call(call: CallValue, depth: number): Node {
    const name = globalName(call.callee);
    const at = call.offset;
    if (name === undefined) {
      return refuse('not-allowed', `${call.opcode} at offset ${at} calls a computed callable`, {
        offset: at,
      });
    }
    const allowed =
      name === CALLABLE.orderedDict ||
      name === CALLABLE.rebuildTensor ||
      name === CALLABLE.rebuildParameter ||
      name === CALLABLE.rebuildParameterWithState;
    if (!allowed || call.opcode !== 'REDUCE' || call.kwargs !== undefined) {
      const how = allowed ? ` through ${call.opcode}` : '';
      return refuse(
        'not-allowed',
        `call of ${snippet(name)}${how} at offset ${at} is not allowed`,
        {
          global: name,
          offset: at,
        },
      );
    }
    if (call.methods !== undefined) {
      refuse('not-allowed', `object made at offset ${at} has its methods replaced`, {
        global: name,
        offset: at,
      });
    }
    const args = call.args.kind === 'tuple' ? call.args.items : undefined;
    if (args === undefined)
      refuse('malformed', `${snippet(name)} at offset ${at} without an argument tuple`, {
        offset: at,
      });
    if (name === CALLABLE.orderedDict) return this.orderedDict(call, args, depth);
    if (call.filled !== undefined || call.states.length > 0) {
      refuse(
        'unsupported',
        `${snippet(name)} result at offset ${at} is modified after it is made`,
        { global: name, offset: at },
      );
    }
    if (name === CALLABLE.rebuildTensor) return this.tensor(args, at, depth);
    // _rebuild_parameter(data, requires_grad, backward_hooks[, state]): the parameter is its data.
    const withState = name === CALLABLE.rebuildParameterWithState;
    if (args.length !== (withState ? 4 : 3))
      refuse('malformed', `${name} at offset ${at} takes ${withState ? 4 : 3} arguments`, {
        offset: at,
      });
    const data = this.walk(args[0] as PickleValue, depth);
    if (data.kind !== 'tensor')
      refuse('malformed', `${name} at offset ${at} wraps no tensor`, { offset: at });
    this.noHooks(args[2], at, depth);
    if (withState) this.walk(args[3] as PickleValue, depth);
    return data;
  }

  private orderedDict(call: CallValue, args: readonly PickleValue[], depth: number): Node {
    const at = call.offset;
    if (args.length > 0)
      refuse('unsupported', `OrderedDict at offset ${at} is built from arguments`, { offset: at });
    const filled = call.filled;
    if (filled !== undefined && (filled.by !== 'dict' || filled.dropped > 0)) {
      refuse(
        'unsupported',
        `OrderedDict at offset ${at} is filled by ${filled.by === 'dict' ? 'more items than the limits allow' : 'APPEND or ADDITEMS'}`,
        { offset: at },
      );
    }
    // BUILD states of a state dict carry its `_metadata` (module versions): checked, not kept.
    for (const state of call.states) this.walk(state, depth);
    return filled === undefined ? EMPTY_MAP : this.map(filled.items, depth, at);
  }

  private noHooks(value: PickleValue | undefined, at: number, depth: number): void {
    const hooks = value === undefined ? undefined : this.walk(value, depth);
    if (hooks?.kind !== 'map' || hooks.entries.length > 0) {
      refuse('unsupported', `tensor at offset ${at} has backward hooks`, { offset: at });
    }
  }

  /** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
  private tensor(args: readonly PickleValue[], at: number, depth: number): Node {
    if (args.length !== 6 && args.length !== 7) {
      refuse(
        'malformed',
        `_rebuild_tensor_v2 at offset ${at} takes 6 or 7 arguments, not ${args.length}`,
        { offset: at },
      );
    }
    const storage = this.storage(args[0] as PickleValue, at);
    const offset = int(args[1], 'storage offset', at) + storage.viewOffset;
    const shape = ints(args[2], 'size', at);
    const stride = ints(args[3], 'stride', at);
    if (shape.length !== stride.length)
      refuse('malformed', `size and stride at offset ${at} differ in length`, { offset: at });
    if (args[4]?.kind !== 'bool')
      refuse('malformed', `requires_grad at offset ${at} is not a bool`, { offset: at });
    this.noHooks(args[5], at, depth);
    if (args[6] !== undefined) this.walk(args[6], depth);
    // Every element must lie inside the storage (or the legacy view of it): torch checks this in set_().
    let elements = 1;
    let last = offset;
    for (let i = 0; i < shape.length; i++) {
      const n = shape[i] as number;
      elements *= n;
      last += (n - 1) * (stride[i] as number);
    }
    if (!Number.isSafeInteger(elements) || !Number.isSafeInteger(last))
      refuse('unsupported', `tensor at offset ${at} is too large`, { offset: at });
    if (elements > 0 && last >= storage.end) {
      refuse(
        'malformed',
        `tensor at offset ${at} reaches element ${last} of a storage of ${storage.end}`,
        { offset: at },
      );
    }
    const { key, dtype, numel } = storage.descriptor;
    return {
      kind: 'tensor',
      tensor: {
        dtype,
        shape,
        stride,
        storageKey: key,
        storageOffset: offset,
        storageDtype: dtype,
        storageNumel: numel,
      },
    };
  }

  /**
   * A persistent id: `('storage', type, key, location, numel)` in zip checkpoints, plus `view_metadata`
   * (None or `(view_key, offset, size)`, in elements) in legacy ones (torch/serialization.py).
   */
  private storage(
    value: PickleValue,
    at: number,
  ): { descriptor: StorageDescriptor; viewOffset: number; end: number } {
    if (value.kind !== 'persid')
      return refuse('malformed', `tensor at offset ${at} has no persistent storage`, {
        offset: at,
      });
    const pid = value.pid.kind === 'tuple' ? value.pid.items : undefined;
    if (
      pid === undefined ||
      (pid.length !== 5 && pid.length !== 6) ||
      pid[0]?.kind !== 'str' ||
      pid[0].value !== 'storage'
    ) {
      return refuse(
        'unsupported',
        `persistent id of the tensor at offset ${at} is not a torch storage record`,
        { offset: at },
      );
    }
    const typeName = globalName(pid[1] as PickleValue);
    const dtype =
      typeName === undefined
        ? undefined
        : (STORAGE_TYPES.get(typeName) ??
          DTYPES.get(typeName) ??
          (UNTYPED_STORAGES.has(typeName) ? 'U8' : undefined));
    if (dtype === undefined) {
      const what = typeName === undefined ? 'not a global' : snippet(typeName);
      const code =
        typeName !== undefined && isOtherTorchStorage(typeName) ? 'unsupported' : 'not-allowed';
      return refuse(code, `storage type of the tensor at offset ${at} is ${what}`, {
        global: typeName,
        offset: at,
      });
    }
    const key = pid[2];
    const location = pid[3];
    if (key?.kind !== 'str' || location?.kind !== 'str') {
      return refuse(
        'malformed',
        `storage record of the tensor at offset ${at} lacks a key or location`,
        { offset: at },
      );
    }
    const numel = int(pid[4], 'storage size', at);
    const descriptor = { key: key.value, dtype, numel, location: location.value };
    const seen = this.storages.get(key.value);
    if (seen === undefined) this.storages.set(key.value, descriptor);
    else if (seen.dtype !== dtype || seen.numel !== numel) {
      refuse(
        'malformed',
        `storage ${snippet(key.value)} is described twice differently (offset ${at})`,
        { offset: at },
      );
    }
    const view = pid[5];
    if (view === undefined || view.kind === 'none')
      return { descriptor, viewOffset: 0, end: numel };
    const parts = view.kind === 'tuple' ? view.items : [];
    if (parts.length !== 3 || parts[0]?.kind !== 'str') {
      return refuse(
        'malformed',
        `legacy view metadata at offset ${at} is not (key, offset, size)`,
        { offset: at },
      );
    }
    const viewOffset = int(parts[1], 'view offset', at);
    const viewSize = int(parts[2], 'view size', at);
    if (viewOffset + viewSize > numel)
      refuse('malformed', `legacy view at offset ${at} lies outside its storage`, { offset: at });
    return { descriptor, viewOffset, end: viewOffset + viewSize };
  }
}
