import { open } from 'node:fs/promises';

/**
 * Read at most `maxBytes` of a file, plus whether it was longer. Undefined when the file does not exist or
 * is not a regular file; other I/O errors propagate.
 */
export async function readBounded(
  path: string,
  maxBytes: number,
): Promise<{ readonly bytes: Uint8Array; readonly truncated: boolean } | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return undefined;
    const buffer = new Uint8Array(Math.min(st.size, maxBytes + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, Math.min(filled, maxBytes)), truncated: filled > maxBytes };
  } finally {
    await handle.close();
  }
}
