import type { BenchDtype, StorageSpec } from './state-dict-pickle.ts';
import { ITEM_BYTES } from './state-dict-pickle.ts';

/** Bytes of random weights per dtype; each storage repeats it from its own starting element. */
const BLOCK = 4 * 1024 * 1024;

/** Sign, exponent range (biased) and mantissa width: weights of magnitude 2^-9 to 2^-2, no NaN/Inf. */
const LAYOUT: Readonly<Record<BenchDtype, { bits: number; bias: number; mantissa: number }>> = {
  F32: { bits: 32, bias: 127, mantissa: 23 },
  F16: { bits: 16, bias: 15, mantissa: 10 },
  BF16: { bits: 16, bias: 127, mantissa: 7 },
};

const blocks = new Map<BenchDtype, Buffer>();

/** Two copies of one BLOCK of pseudo-random weights (xorshift32), so any rotation is one subarray. */
function doubledBlock(dtype: BenchDtype): Buffer {
  const cached = blocks.get(dtype);
  if (cached) return cached;
  const { bits, bias, mantissa } = LAYOUT[dtype];
  const block = Buffer.allocUnsafe(2 * BLOCK);
  let x = 0x9e3779b9 ^ bits ^ mantissa;
  for (let at = 0; at < BLOCK; at += bits / 8) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    const sign = r >>> 31;
    const exponent = bias - 9 + ((r >>> 28) & 7);
    const value = (sign << (bits - 1)) | (exponent << mantissa) | (r & ((1 << mantissa) - 1));
    if (bits === 32) block.writeUInt32LE(value >>> 0, at);
    else block.writeUInt16LE(value & 0xffff, at);
  }
  block.copy(block, BLOCK, 0, BLOCK);
  blocks.set(dtype, block);
  return block;
}

/** A storage's bytes in chunks of at most 4 MiB: deterministic, different per seed. */
export function* storageChunks(storage: StorageSpec): Generator<Uint8Array> {
  const item = ITEM_BYTES[storage.dtype];
  const block = doubledBlock(storage.dtype);
  const start = ((storage.seed * 40_961) % (BLOCK / item)) * item;
  const total = storage.numel * item;
  for (let done = 0; done < total; done += BLOCK) {
    yield block.subarray(start, start + Math.min(BLOCK, total - done));
  }
}

/** A storage's bytes in one buffer (small checkpoints only: the torch check and tests). */
export function storageBytes(storage: StorageSpec): Buffer {
  return Buffer.concat([...storageChunks(storage)]);
}
