import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** What {@link readFileBounded} read. */
export interface BoundedFile {
  /** The file's first bytes: all of it, or `maxBytes` when it is larger (none with `refuseLarger`). */
  readonly bytes: Uint8Array;
  /** The file's size when it was opened. */
  readonly size: number;
  /** The file is larger than `maxBytes`. */
  readonly truncated: boolean;
}

/**
 * Read at most `maxBytes` of a regular file: the one bounded reader for files named by a user or found in
 * an untrusted folder. Opened non-blocking, so a FIFO put where a file was expected cannot hang the
 * caller; anything but a regular file is refused. With `refuseLarger`, a file over the limit is not read
 * at all. Undefined when the path does not exist or is not a regular file; other I/O errors propagate.
 */
export async function readFileBounded(
  path: string,
  maxBytes: number,
  options: { readonly refuseLarger?: boolean } = {},
): Promise<BoundedFile | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return undefined;
    const truncated = st.size > maxBytes;
    if (truncated && options.refuseLarger === true) {
      return { bytes: new Uint8Array(0), size: st.size, truncated };
    }
    const bytes = new Uint8Array(Math.min(st.size, maxBytes));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size: st.size, truncated };
  } finally {
    await handle.close();
  }
}
