/**
 * Element sizes in bits of every SafeTensors dtype, after `Dtype::bitsize` in huggingface/safetensors
 * (safetensors/src/tensor.rs, 0.6). F4 and the F6 formats are narrower than a byte, so sizes are bits.
 */
export const SAFETENSORS_DTYPE_BITS: ReadonlyMap<string, number> = new Map([
  ['BOOL', 8],
  ['F4', 4],
  ['F6_E2M3', 6],
  ['F6_E3M2', 6],
  ['U8', 8],
  ['I8', 8],
  ['F8_E5M2', 8],
  ['F8_E4M3', 8],
  ['F8_E8M0', 8],
  ['I16', 16],
  ['U16', 16],
  ['F16', 16],
  ['BF16', 16],
  ['I32', 32],
  ['U32', 32],
  ['F32', 32],
  ['C64', 64],
  ['F64', 64],
  ['I64', 64],
  ['U64', 64],
]);

/**
 * Bytes a tensor of `dtype` and `shape` occupies, or undefined when the dtype is unknown or the bit
 * count does not end on a byte boundary (the reference implementation rejects that as MisalignedSlice).
 * BigInt arithmetic: a hostile shape cannot overflow the product.
 */
export function tensorByteSize(dtype: string, shape: readonly number[]): bigint | undefined {
  const bits = SAFETENSORS_DTYPE_BITS.get(dtype);
  if (bits === undefined) return undefined;
  let total = BigInt(bits);
  for (const dim of shape) total *= BigInt(dim);
  return total % 8n === 0n ? total / 8n : undefined;
}
