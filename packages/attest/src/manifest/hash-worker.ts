import { parentPort, workerData } from 'node:worker_threads';
import { isMlsecError } from '@mlsec/core';
import { hashJobSync } from './hash-file.ts';
import type { HashWorkerInit, HashWorkerJob, HashWorkerReply } from './hash-protocol.ts';
import { PROGRESS_STEP_BYTES } from './progress.ts';

// Worker entry: hashes the jobs the pool posts, one at a time, through one buffer allocated once.
// Reads are synchronous: this thread has nothing else to do, and each read then costs no hop through
// libuv's thread pool.
const init = workerData as HashWorkerInit;
const buf = Buffer.allocUnsafe(init.bufferBytes);
const port = parentPort;

port?.on('message', ({ run, job }: HashWorkerJob) => {
  const reply = (message: HashWorkerReply): void => port.postMessage(message);
  let unreported = 0;
  try {
    const digest = hashJobSync(job, buf, (n) => {
      unreported += n;
      if (unreported < PROGRESS_STEP_BYTES) return;
      reply({ run, index: job.index, kind: 'bytes', bytes: unreported });
      unreported = 0;
    });
    reply({ run, index: job.index, kind: 'done', digest, bytes: unreported });
  } catch (error) {
    reply({
      run,
      index: job.index,
      kind: 'error',
      code: isMlsecError(error) ? error.code : 'ATTEST_READ_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
