import type { GgufValueType } from './constants.ts';

/** A metadata array: its element type, its full length, and the first items (bounded by maxEntries). */
export interface GgufArray {
  readonly itemType: GgufValueType;
  readonly length: number;
  readonly items: readonly GgufValue[];
}

/** A metadata value: 64-bit integers are bigints, other numbers are numbers. */
export type GgufValue = number | bigint | boolean | string | GgufArray;

/** One key/value pair of the metadata section. */
export interface GgufEntry {
  readonly key: string;
  readonly type: GgufValueType;
  readonly value: GgufValue;
  /** Part of the value was not kept: a string longer than maxStringLength or an array past maxEntries. */
  readonly truncated: boolean;
  /** File offset of the key. */
  readonly offset: number;
}

/** One tensor info record. `offset` is relative to the start of the tensor data section. */
export interface GgufTensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  /** ggml type id, and its name when known. */
  readonly type: number;
  readonly typeName?: string;
  readonly offset: number;
  /** Bytes of data, when the type and dimensions allow computing it. */
  readonly size?: number;
}

/** What parseGguf reads: header, every metadata entry, tensor infos. Tensor data is never read. */
export interface GgufFile {
  readonly version: number;
  readonly tensorCount: number;
  readonly kvCount: number;
  /** Metadata entries in file order (duplicates included; `metadata` keeps the first). */
  readonly entries: readonly GgufEntry[];
  readonly metadata: ReadonlyMap<string, GgufEntry>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** File offset of the tensor data section (after the tensor infos, aligned). */
  readonly dataStart: number;
  readonly fileSize: number;
}
