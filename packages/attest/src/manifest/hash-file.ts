import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { snippet } from '@mlsec/core';
import { ManifestError } from './manifest-error.ts';

/** Read buffer per concurrent file: memory stays bounded whatever the file sizes. */
export const READ_BUFFER_BYTES = 1 << 20;

/** One shard's digest: `[start, end)` of the file, end exclusive. */
export interface ShardDigest {
  readonly start: number;
  readonly end: number;
  readonly digest: string;
}

/**
 * Open a model file for hashing. O_NONBLOCK keeps a FIFO swapped in after the walk from blocking the
 * open; O_NOFOLLOW (when symlinks are refused) keeps a symlink swapped in from being followed.
 */
async function openModelFile(path: string, name: string, allowSymlinks: boolean): Promise<FileHandle> {
  const noFollow = allowSymlinks ? 0 : constants.O_NOFOLLOW;
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | noFollow);
  } catch (cause) {
    throw new ManifestError('ATTEST_READ_FAILED', `cannot open ${snippet(name)}`, { cause });
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new ManifestError('ATTEST_UNSUPPORTED_FILE', `not a regular file: ${snippet(name)}`);
  }
  return handle;
}

/** SHA-256 of `[start, end)`; fails if the file ends early (it changed while we hashed it). */
async function hashRange(handle: FileHandle, start: number, end: number, buf: Buffer, name: string): Promise<string> {
  const hash = createHash('sha256');
  for (let pos = start; pos < end; ) {
    const want = Math.min(buf.length, end - pos);
    const { bytesRead } = await handle.read(buf, 0, want, pos);
    if (bytesRead === 0) {
      throw new ManifestError('ATTEST_READ_FAILED', `file shrank while hashing: ${snippet(name)}`);
    }
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

/** SHA-256 of a whole file, streamed through `buf` until end of file. */
export async function hashFile(path: string, name: string, allowSymlinks: boolean, buf: Buffer): Promise<string> {
  const handle = await openModelFile(path, name, allowSymlinks);
  try {
    const hash = createHash('sha256');
    for (let pos = 0; ; ) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    return hash.digest('hex');
  } catch (cause) {
    if (cause instanceof ManifestError) throw cause;
    throw new ManifestError('ATTEST_READ_FAILED', `cannot read ${snippet(name)}`, { cause });
  } finally {
    await handle.close();
  }
}

/**
 * SHA-256 of each `shardSize`-byte shard: `[0,N), [N,2N), …`, the last one short. An empty file has
 * no shards at all, as in the reference (notes §1.5). The size is taken from the open handle.
 */
export async function hashShards(
  path: string,
  name: string,
  shardSize: number,
  allowSymlinks: boolean,
  buf: Buffer,
): Promise<ShardDigest[]> {
  const handle = await openModelFile(path, name, allowSymlinks);
  try {
    const { size } = await handle.stat();
    const out: ShardDigest[] = [];
    for (let start = 0; start < size; start += shardSize) {
      const end = Math.min(start + shardSize, size);
      out.push({ start, end, digest: await hashRange(handle, start, end, buf, name) });
    }
    return out;
  } catch (cause) {
    if (cause instanceof ManifestError) throw cause;
    throw new ManifestError('ATTEST_READ_FAILED', `cannot read ${snippet(name)}`, { cause });
  } finally {
    await handle.close();
  }
}
