import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { MlsecError } from './errors.ts';
import { snippet } from './text.ts';
import { startWorker } from './start-worker.ts';

/** The worker entry beside this module: .ts when running from source, .js when built. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './sha256-file-worker.ts' : './sha256-file-worker.js',
  import.meta.url,
);

/** Files from this size up are hashed on a worker thread (starting one costs tens of milliseconds). */
export const SHA256_OFF_THREAD_BYTES = 64 * 1024 * 1024;
/** Read buffer: bench/hash measured 256 KiB–1 MiB fastest (it stays in the core's cache). */
const BUFFER_BYTES = 512 * 1024;

export interface Sha256FileOptions {
  /** Hash on a worker thread from this size up (default SHA256_OFF_THREAD_BYTES; 0: always). */
  readonly offThreadFrom?: number;
}

function readFailed(path: string, cause: unknown): MlsecError {
  return new MlsecError('CORE_READ_FAILED', `cannot read ${snippet(path, 200)} to hash it`, {
    cause,
  });
}

async function hashHere(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

function hashOnWorker(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(WORKER_URL, { workerData: { path, bufferBytes: BUFFER_BYTES } });
    let settled = false;
    const settle = (error: unknown, digest?: string): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (digest !== undefined) resolve(digest);
      else reject(readFailed(path, error));
    };
    worker.once('message', (reply: { digest?: string; error?: string }) =>
      settle(reply.error, reply.digest),
    );
    worker.once('error', (error) => settle(error));
    worker.once('exit', (code) => settle(new Error(`the hashing worker exited with ${code}`)));
  });
}

/**
 * SHA-256 of a whole file, hex. A large file is hashed on a worker thread, so the calling thread stays
 * free for its own I/O while the other core hashes (mlsec convert hashes its input while it writes the
 * output). I/O errors become CORE_READ_FAILED.
 *
 * @example
 *   const digest = await sha256File('model.bin');
 */
export async function sha256File(path: string, options: Sha256FileOptions = {}): Promise<string> {
  let size: number;
  try {
    const handle = await open(path, 'r');
    size = (await handle.stat()).size;
    await handle.close();
  } catch (error) {
    throw readFailed(path, error);
  }
  if (size < (options.offThreadFrom ?? SHA256_OFF_THREAD_BYTES)) {
    return hashHere(path).catch((error: unknown) => {
      throw readFailed(path, error);
    });
  }
  return hashOnWorker(path);
}
