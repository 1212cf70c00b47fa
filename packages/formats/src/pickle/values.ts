/**
 * The symbolic values of the pickle machine: what CPython would have built, without building it. Calls are
 * never made; their results are `call` values that remember the callee and arguments, so later opcodes
 * (a memo fetch, a REDUCE on the result) can still be traced back to the globals involved.
 */

/** Opcodes that make CPython call something (BUILD may call `__setstate__`; the container opcodes call
 * `append`/`extend`/`__setitem__`/`add` on objects that are not plain lists, dicts or sets). */
export type CallOpcode =
  | 'REDUCE'
  | 'INST'
  | 'OBJ'
  | 'NEWOBJ'
  | 'NEWOBJ_EX'
  | 'BUILD'
  | 'APPEND'
  | 'APPENDS'
  | 'SETITEM'
  | 'SETITEMS'
  | 'ADDITEMS';

export interface NoneValue {
  readonly kind: 'none';
}
export interface BoolValue {
  readonly kind: 'bool';
  readonly value: boolean;
}
/** `value` is undefined for integers too large to hold (LONG4 payloads over 64 bytes). */
export interface IntValue {
  readonly kind: 'int';
  readonly value: number | bigint | undefined;
}
export interface FloatValue {
  readonly kind: 'float';
  readonly value: number;
}
/** A str (from a unicode opcode, or a protocol 0–2 str decoded the way Python 3 does). */
export interface StrValue {
  readonly kind: 'str';
  readonly value: string;
  /** Cut at limits.maxStringLength. */
  readonly truncated: boolean;
  /** Pushed by GET/BINGET/LONG_BINGET rather than written inline. */
  readonly fromMemo: boolean;
}
export interface BytesValue {
  readonly kind: 'bytes';
  /** A view into the pickle (never copied). */
  readonly value: Uint8Array;
  readonly bytearray: boolean;
}
/** Lists, tuples, sets and dicts (dict items are flattened key, value, key, value...). */
export interface ContainerValue {
  readonly kind: 'list' | 'tuple' | 'set' | 'frozenset' | 'dict';
  readonly items: PickleValue[];
  /** Items not kept because the container reached limits.maxEntries. */
  dropped: number;
  /** Dicts only: values of the str keys that name methods the unpickler calls (see SPECIAL_METHODS). */
  special: Map<string, PickleValue> | undefined;
}
/** A module attribute imported by GLOBAL, STACK_GLOBAL or INST (after CPython's fix_imports mapping). */
export interface GlobalValue {
  readonly kind: 'global';
  readonly module: string;
  readonly name: string;
}
/** The result of a call CPython would make. `states` collects what BUILD later applied to it. */
export interface CallValue {
  readonly kind: 'call';
  readonly opcode: CallOpcode;
  readonly callee: PickleValue;
  readonly args: PickleValue;
  readonly kwargs: PickleValue | undefined;
  readonly offset: number;
  readonly states: PickleValue[];
  /** Instance attributes BUILD set that shadow methods the unpickler calls (`__setstate__`, `append`...). */
  methods: Map<string, PickleValue> | undefined;
  /**
   * What container opcodes passed to this object's `__setitem__`/`append`/`extend`/`add` (an
   * `OrderedDict()` filled by SETITEMS), kept so its contents can be read back; bounded like containers.
   */
  filled?: FilledItems;
}
/** Items the container opcodes gave a call result: SETITEM(S) pairs flattened key, value, ...; or elements. */
export interface FilledItems {
  /** 'dict' for SETITEM(S), 'list' for APPEND(S), 'set' for ADDITEMS; 'mixed' once families differ. */
  by: 'dict' | 'list' | 'set' | 'mixed';
  readonly items: PickleValue[];
  /** Items not kept because the object reached limits.maxEntries. */
  dropped: number;
}
/** `getattr(base, name)` resolved symbolically. */
export interface AttrValue {
  readonly kind: 'attr';
  readonly base: PickleValue;
  readonly name: string;
}
export interface PersidValue {
  readonly kind: 'persid';
  readonly pid: PickleValue;
}
/** An object from the copyreg extension registry (EXT1/EXT2/EXT4): unknowable statically. */
export interface ExtValue {
  readonly kind: 'ext';
  readonly code: number;
}
/** Something real but not modelled: an out-of-band buffer, a joblib array, a value lost to an error. */
export interface OpaqueValue {
  readonly kind: 'opaque';
  readonly what: string;
  /** A joblib array (`what: 'ndarray'`): its index in the analysis's `joblibArrays`. */
  readonly joblibArray?: number;
}

export type PickleValue =
  | NoneValue
  | BoolValue
  | IntValue
  | FloatValue
  | StrValue
  | BytesValue
  | ContainerValue
  | GlobalValue
  | CallValue
  | AttrValue
  | PersidValue
  | ExtValue
  | OpaqueValue;

export const NONE: NoneValue = Object.freeze({ kind: 'none' });
export const TRUE: BoolValue = Object.freeze({ kind: 'bool', value: true });
export const FALSE: BoolValue = Object.freeze({ kind: 'bool', value: false });
/** Stands for a value the machine could not know (after a stack underflow, a missing memo entry...). */
export const UNKNOWN: OpaqueValue = Object.freeze({ kind: 'opaque', what: 'unknown' });

const SMALL_INTS: readonly IntValue[] = Array.from({ length: 256 }, (_, value) =>
  Object.freeze({ kind: 'int' as const, value }),
);

export function intValue(value: number | bigint | undefined): IntValue {
  if (typeof value === 'number' && value >= 0 && value < 256 && Number.isInteger(value)) {
    return SMALL_INTS[value] ?? { kind: 'int', value };
  }
  return { kind: 'int', value };
}

export function strValue(value: string, truncated = false, fromMemo = false): StrValue {
  return { kind: 'str', value, truncated, fromMemo };
}

export function container(kind: ContainerValue['kind'], items: PickleValue[] = []): ContainerValue {
  return { kind, items, dropped: 0, special: undefined };
}

/**
 * Methods the unpickler looks up on the object itself (Lib/pickle.py load_build, load_append,
 * load_appends, load_additems): an instance attribute of that name, set by an earlier BUILD, is what runs.
 */
export const SPECIAL_METHODS: ReadonlySet<string> = new Set([
  '__setstate__',
  'append',
  'extend',
  'add',
]);

/** Record, in `dict.special`, the pairs of `items` (key, value, ...) whose key is a special method name. */
export function noteSpecialKeys(dict: ContainerValue, items: readonly PickleValue[]): void {
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    if (key?.kind === 'str' && SPECIAL_METHODS.has(key.value)) {
      dict.special ??= new Map();
      dict.special.set(key.value, items[i + 1] as PickleValue);
    }
  }
}

/** A JS number for an int value when it is a safe integer. */
export function asNumber(value: PickleValue | undefined): number | undefined {
  if (value?.kind !== 'int') return undefined;
  const v = value.value;
  if (typeof v === 'number') return v;
  if (
    typeof v === 'bigint' &&
    v >= BigInt(Number.MIN_SAFE_INTEGER) &&
    v <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(v);
  }
  return undefined;
}

/** The string of a str value, undefined for anything else. */
export function asString(value: PickleValue | undefined): string | undefined {
  return value?.kind === 'str' ? value.value : undefined;
}

/** The items of a tuple or list value. */
export function asSequence(value: PickleValue | undefined): readonly PickleValue[] | undefined {
  return value?.kind === 'tuple' || value?.kind === 'list' ? value.items : undefined;
}

/** The global a value is, when it is one. */
export function asGlobal(value: PickleValue | undefined): GlobalValue | undefined {
  return value?.kind === 'global' ? value : undefined;
}
