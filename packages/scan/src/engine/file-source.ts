import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { ByteSource } from '@mlsec/core';

/** A ByteSource over an open file; only the ranges asked for are read. Close it when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
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
