import type { WritableDtype } from './tensor-input.ts';

/**
 * The only constructors a checkpoint pickle may call, and the only globals it may name, for conversion.
 * Everything here is a pure data constructor in torch's own loader (torch/_utils.py, torch/storage.py);
 * anything else stops the interpretation, so nothing outside this list is ever assumed to be harmless.
 */
export const CALLABLE = {
  orderedDict: 'collections.OrderedDict',
  rebuildTensor: 'torch._utils._rebuild_tensor_v2',
  rebuildParameter: 'torch._utils._rebuild_parameter',
  rebuildParameterWithState: 'torch._utils._rebuild_parameter_with_state',
} as const;

/** Typed storage classes (torch/storage.py `_LegacyStorage` subclasses) and their element type. */
export const STORAGE_TYPES: ReadonlyMap<string, WritableDtype> = new Map([
  ['torch.DoubleStorage', 'F64'],
  ['torch.FloatStorage', 'F32'],
  ['torch.HalfStorage', 'F16'],
  ['torch.BFloat16Storage', 'BF16'],
  ['torch.LongStorage', 'I64'],
  ['torch.IntStorage', 'I32'],
  ['torch.ShortStorage', 'I16'],
  ['torch.CharStorage', 'I8'],
  ['torch.ByteStorage', 'U8'],
  ['torch.BoolStorage', 'BOOL'],
]);

/** Untyped storages count bytes; the tensors over them are read as uint8, as torch would. */
export const UNTYPED_STORAGES: ReadonlySet<string> = new Set([
  'torch.UntypedStorage',
  'torch.storage.UntypedStorage',
]);

/** dtype objects (`torch.float32`...), which newer pickles may name where a storage type would be. */
export const DTYPES: ReadonlyMap<string, WritableDtype> = new Map([
  ['torch.float64', 'F64'],
  ['torch.double', 'F64'],
  ['torch.float32', 'F32'],
  ['torch.float', 'F32'],
  ['torch.float16', 'F16'],
  ['torch.half', 'F16'],
  ['torch.bfloat16', 'BF16'],
  ['torch.int64', 'I64'],
  ['torch.long', 'I64'],
  ['torch.int32', 'I32'],
  ['torch.int', 'I32'],
  ['torch.int16', 'I16'],
  ['torch.short', 'I16'],
  ['torch.int8', 'I8'],
  ['torch.uint8', 'U8'],
  ['torch.bool', 'BOOL'],
]);

/** Storage classes torch has that we do not convert (complex, quantized...): named, refused clearly. */
export function isOtherTorchStorage(name: string): boolean {
  return (
    /^torch\.[A-Za-z0-9]+Storage$/.test(name) ||
    /^torch\.(complex|q|float8|uint(16|32|64))/.test(name)
  );
}

/** Whether `module.name` may appear anywhere in a checkpoint pickle we convert. */
export function isAllowedGlobal(name: string): boolean {
  return (
    Object.values(CALLABLE).includes(name as (typeof CALLABLE)[keyof typeof CALLABLE]) ||
    STORAGE_TYPES.has(name) ||
    UNTYPED_STORAGES.has(name) ||
    DTYPES.has(name)
  );
}

/** Whether `module.name` may be called (REDUCE, or as the class behind BUILD/SETITEMS on its result). */
export function isAllowedCallee(name: string): boolean {
  return Object.values(CALLABLE).includes(name as (typeof CALLABLE)[keyof typeof CALLABLE]);
}
