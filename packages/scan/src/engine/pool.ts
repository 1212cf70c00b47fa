import { MlsecError, startWorker } from '@mlsec/core';
import type { FileResult } from './scan-file.ts';
import type { WalkedFile } from './walk.ts';
import type { WorkerInit, WorkerJob, WorkerReply } from './worker-protocol.ts';

/** The worker entry beside this module: .ts when running from source, .js when built. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
  import.meta.url,
);

const JOBS_IN_FLIGHT_PER_WORKER = 4;

/**
 * Scan files on `jobs` worker threads, largest first so that one big checkpoint does not finish last.
 * Calls `done` as each file finishes. A worker that dies is a SCAN_WORKER_FAILED error.
 */
export async function scanInWorkers(
  files: readonly WalkedFile[],
  jobs: number,
  init: WorkerInit,
  done: (file: WalkedFile, result: FileResult) => void,
): Promise<void> {
  const queue = [...files].sort((a, b) => b.size - a.size);
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, () =>
    startWorker(WORKER_URL, { workerData: init }),
  );
  let nextId = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const pending = new Map<number, WalkedFile>();
            const feed = (): void => {
              const file = queue.shift();
              if (!file) {
                if (pending.size === 0) resolve();
                return;
              }
              const job: WorkerJob = {
                id: nextId++,
                absolute: file.absolute,
                relative: file.relative,
                size: file.size,
              };
              pending.set(job.id, file);
              worker.postMessage(job);
            };
            worker.on('message', (reply: WorkerReply) => {
              const file = pending.get(reply.id);
              pending.delete(reply.id);
              if (!file) return;
              if (!reply.ok) return reject(new MlsecError('SCAN_WORKER_FAILED', reply.error));
              done(file, reply.result);
              feed();
            });
            worker.on('error', (error) =>
              reject(new MlsecError('SCAN_WORKER_FAILED', error.message, { cause: error })),
            );
            worker.on('exit', (code) => {
              if (pending.size > 0)
                reject(new MlsecError('SCAN_WORKER_FAILED', `worker exited with code ${code}`));
            });
            // A few jobs in flight per worker, so its I/O waits overlap with parsing.
            for (let i = 0; i < JOBS_IN_FLIGHT_PER_WORKER; i++) feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
