import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MlsecError, snippet } from '@mlsec/core';
import type { HashJob } from './hash-job.ts';

/**
 * Default size of each reused read buffer. bench/hash measured 256 KiB–1 MiB fastest on two workers
 * and 8 MiB slower: a buffer that stays in the core's cache is hashed straight after the kernel copies
 * into it.
 */
export const READ_BUFFER_BYTES = 512 << 10;

/**
 * Open flags for a model file. O_NONBLOCK keeps a FIFO swapped in after the walk from blocking the open;
 * O_NOFOLLOW (when symlinks are refused) keeps a symlink swapped in from being followed.
 */
function openFlags(job: HashJob): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (job.allowSymlinks ? 0 : constants.O_NOFOLLOW);
}

/** The file must still be the regular file of `job.size` bytes that was listed. */
function checkOpened(job: HashJob, st: Stats): void {
  if (!st.isFile()) {
    throw new MlsecError('ATTEST_UNSUPPORTED_FILE', `not a regular file: ${snippet(job.name)}`);
  }
  if (st.size !== job.size) throw changed(job);
}

function changed(job: HashJob): MlsecError {
  return new MlsecError(
    'ATTEST_READ_FAILED',
    `file changed size while hashing: ${snippet(job.name)}`,
  );
}

function wrap(job: HashJob, cause: unknown): MlsecError {
  if (cause instanceof MlsecError) return cause;
  return new MlsecError('ATTEST_READ_FAILED', `cannot read ${snippet(job.name)}`, { cause });
}

/** Feed one read into the hash; a short file (0 bytes before `end`) means it shrank under us. */
function take(job: HashJob, hash: Hash, buf: Buffer, bytesRead: number): number {
  if (bytesRead === 0) throw changed(job);
  hash.update(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
  return bytesRead;
}

/**
 * SHA-256 of the job's bytes, read synchronously through `buf` (worker threads: a blocking read there
 * costs nothing and avoids a thread-pool hop per buffer). `onBytes` is told of every read.
 */
export function hashJobSync(job: HashJob, buf: Buffer, onBytes: (n: number) => void): string {
  let fd: number;
  try {
    fd = openSync(job.path, openFlags(job));
  } catch (cause) {
    throw new MlsecError('ATTEST_READ_FAILED', `cannot open ${snippet(job.name)}`, { cause });
  }
  try {
    checkOpened(job, fstatSync(fd));
    const hash = createHash('sha256');
    for (let pos = job.start; pos < job.end;) {
      const n = take(
        job,
        hash,
        buf,
        readSync(fd, buf, 0, Math.min(buf.length, job.end - pos), pos),
      );
      pos += n;
      onBytes(n);
    }
    if (job.whole && readSync(fd, buf, 0, 1, job.end) !== 0) throw changed(job);
    return hash.digest('hex');
  } catch (cause) {
    throw wrap(job, cause);
  } finally {
    closeSync(fd);
  }
}

/** The same as {@link hashJobSync} with asynchronous reads, for hashing in the calling thread. */
export async function hashJob(
  job: HashJob,
  buf: Buffer,
  onBytes: (n: number) => void,
): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(job.path, openFlags(job));
  } catch (cause) {
    throw new MlsecError('ATTEST_READ_FAILED', `cannot open ${snippet(job.name)}`, { cause });
  }
  try {
    checkOpened(job, await handle.stat());
    const hash = createHash('sha256');
    for (let pos = job.start; pos < job.end;) {
      const want = Math.min(buf.length, job.end - pos);
      const n = take(job, hash, buf, (await handle.read(buf, 0, want, pos)).bytesRead);
      pos += n;
      onBytes(n);
    }
    if (job.whole && (await handle.read(buf, 0, 1, job.end)).bytesRead !== 0) throw changed(job);
    return hash.digest('hex');
  } catch (cause) {
    throw wrap(job, cause);
  } finally {
    await handle.close();
  }
}
