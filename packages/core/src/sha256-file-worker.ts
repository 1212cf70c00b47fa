import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

// Worker entry for sha256File: hashes one file through one reused buffer and replies once. Reads are
// synchronous: this thread has nothing else to do, so a blocking read costs no thread-pool hop.
const { path, bufferBytes } = workerData as { path: string; bufferBytes: number };
try {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(bufferBytes);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
    parentPort?.postMessage({ digest: hash.digest('hex') });
  } finally {
    closeSync(fd);
  }
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
