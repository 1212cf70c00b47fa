/**
 * Random access to the bytes of an artifact that may be too large to hold in memory (a 10 GB checkpoint).
 * Readers ask only for the ranges they need, so tensor data is never read.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Read `length` bytes at `offset`; returns fewer only at end of data. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A ByteSource over bytes already in memory. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset: number, length: number): Promise<Uint8Array> {
      const start = Math.max(0, Math.min(offset, bytes.length));
      const end = Math.max(start, Math.min(bytes.length, offset + length));
      return Promise.resolve(bytes.subarray(start, end));
    },
  };
}

/** A window of `length` bytes at `offset` of another source; nothing is read until asked. */
export function sliceSource(source: ByteSource, offset: number, length: number): ByteSource {
  const start = Math.max(0, Math.min(offset, source.size));
  const size = Math.max(0, Math.min(length, source.size - start));
  return {
    size,
    read(at: number, n: number): Promise<Uint8Array> {
      const from = Math.max(0, Math.min(at, size));
      const count = Math.max(0, Math.min(n, size - from));
      return source.read(start + from, count);
    },
  };
}

/** Read a whole source into memory; callers check `source.size` against their limit first. */
export function readAll(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}
