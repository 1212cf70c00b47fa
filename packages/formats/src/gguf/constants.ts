/**
 * GGUF constants after the specification (ggml docs/gguf.md) and gguf-py/gguf/constants.py.
 * Metadata value types are u32 codes; arrays carry an element type and a count.
 */
export const GGUF_VALUE_TYPES = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
] as const;

export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

/** Byte width of fixed-size value types (string and array are variable). */
export const GGUF_VALUE_SIZE: Readonly<Partial<Record<GgufValueType, number>>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** Default tensor data alignment when `general.alignment` is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** GGML_MAX_DIMS: ggml tensors have at most four dimensions. */
export const GGUF_MAX_DIMS = 4;

/** A ggml tensor type: elements come in blocks of `block` elements stored in `bytes` bytes. */
export interface GgmlType {
  readonly name: string;
  readonly block: number;
  readonly bytes: number;
}

const QK_K = 256;

/** GGML_QUANT_SIZES of gguf-py (type id → name, block size, block bytes); removed ids are absent. */
export const GGML_TYPES: ReadonlyMap<number, GgmlType> = new Map(
  (
    [
      [0, 'F32', 1, 4],
      [1, 'F16', 1, 2],
      [2, 'Q4_0', 32, 2 + 16],
      [3, 'Q4_1', 32, 2 + 2 + 16],
      [6, 'Q5_0', 32, 2 + 4 + 16],
      [7, 'Q5_1', 32, 2 + 2 + 4 + 16],
      [8, 'Q8_0', 32, 2 + 32],
      [9, 'Q8_1', 32, 4 + 4 + 32],
      [10, 'Q2_K', 256, 2 + 2 + QK_K / 16 + QK_K / 4],
      [11, 'Q3_K', 256, 2 + QK_K / 4 + QK_K / 8 + 12],
      [12, 'Q4_K', 256, 2 + 2 + QK_K / 2 + 12],
      [13, 'Q5_K', 256, 2 + 2 + QK_K / 2 + QK_K / 8 + 12],
      [14, 'Q6_K', 256, 2 + QK_K / 2 + QK_K / 4 + QK_K / 16],
      [15, 'Q8_K', 256, 4 + QK_K + QK_K / 8],
      [16, 'IQ2_XXS', 256, 2 + QK_K / 4],
      [17, 'IQ2_XS', 256, 2 + QK_K / 4 + QK_K / 32],
      [18, 'IQ3_XXS', 256, 2 + QK_K / 4 + QK_K / 8],
      [19, 'IQ1_S', 256, 2 + QK_K / 8 + QK_K / 16],
      [20, 'IQ4_NL', 32, 2 + 16],
      [21, 'IQ3_S', 256, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4],
      [22, 'IQ2_S', 256, 2 + QK_K / 4 + QK_K / 16],
      [23, 'IQ4_XS', 256, 2 + 2 + QK_K / 2 + QK_K / 64],
      [24, 'I8', 1, 1],
      [25, 'I16', 1, 2],
      [26, 'I32', 1, 4],
      [27, 'I64', 1, 8],
      [28, 'F64', 1, 8],
      [29, 'IQ1_M', 256, QK_K / 8 + QK_K / 16 + QK_K / 32],
      [30, 'BF16', 1, 2],
      [34, 'TQ1_0', 256, 2 + 4 * 13],
      [35, 'TQ2_0', 256, 2 + 64],
      [39, 'MXFP4', 32, 1 + 16],
    ] as const
  ).map(([id, name, block, bytes]) => [id, { name, block, bytes }]),
);
