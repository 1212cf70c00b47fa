/** Element types the converter writes (issue 5, item 3), with their size in bytes. */
export const WRITABLE_DTYPES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
} as const;

export type WritableDtype = keyof typeof WRITABLE_DTYPES;

/** Where a tensor producer puts its bytes; await each write before yielding the next chunk. */
export interface TensorSink {
  write(chunk: Uint8Array): Promise<void>;
}

/**
 * One tensor to write (or to verify against): its header facts and a producer of its bytes,
 * little-endian and C-contiguous, in as many chunks as it likes. The producer is called once per use,
 * so a caller can stream from a ByteSource without holding the tensor in memory.
 */
export interface TensorInput {
  readonly name: string;
  readonly dtype: WritableDtype;
  readonly shape: readonly number[];
  readonly byteLength: number;
  write(sink: TensorSink): Promise<void>;
}

/** A tensor's bytes from memory, in chunks of `chunkSize` (tests and small tensors). */
export function bytesTensor(
  name: string,
  dtype: WritableDtype,
  shape: readonly number[],
  bytes: Uint8Array,
  chunkSize = 1024 * 1024,
): TensorInput {
  return {
    name,
    dtype,
    shape,
    byteLength: bytes.length,
    async write(sink: TensorSink): Promise<void> {
      for (let at = 0; at < bytes.length; at += chunkSize) {
        await sink.write(bytes.subarray(at, Math.min(bytes.length, at + chunkSize)));
      }
    },
  };
}
