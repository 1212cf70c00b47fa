import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { memorySource } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';

/** A ByteSource over an open file; only the ranges asked for are read. Close it when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/** Files up to this size are read in one call and served from memory: one I/O round trip, not many. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/**
 * Open a file for scanning. Small files are read whole, synchronously, in one call: most repository
 * files are small, and each asynchronous read is a thread-pool round trip that costs more than the read.
 * Large files are read by range, so tensor data is never loaded.
 */
export async function openFileSource(path: string, sizeHint?: number): Promise<FileSource> {
  if (sizeHint !== undefined && sizeHint <= SMALL_FILE_BYTES) {
    const bytes = readFileSync(path);
    if (bytes.length <= SMALL_FILE_BYTES) {
      return { ...memorySource(bytes), close: () => Promise.resolve() };
    }
  }
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset: number, length: number): Promise<Uint8Array> {
        const start = Math.max(0, Math.min(offset, size));
        const count = Math.max(0, Math.min(length, size - start));
        const buffer = Buffer.allocUnsafe(count);
        let filled = 0;
        while (filled < count) {
          const { bytesRead } = await handle.read(buffer, filled, count - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === count ? buffer : buffer.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
