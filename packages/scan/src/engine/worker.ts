import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_DETECTORS } from '../detectors/index.ts';
import { createPolicy } from '../policy/index.ts';
import { ArtifactScanner } from './artifact-scanner.ts';
import { scanFile } from './scan-file.ts';
import type { WorkerInit, WorkerJob, WorkerReply } from './worker-protocol.ts';

// Worker entry: scans the files the pool sends, one at a time, and replies with plain findings.
const init = workerData as WorkerInit;
const scanner = new ArtifactScanner({
  limits: init.limits,
  policy: createPolicy(init.policy),
  detectors: DEFAULT_DETECTORS.filter((detector) => init.detectorIds.includes(detector.id)),
});

parentPort?.on('message', (job: WorkerJob) => {
  scanFile(job.absolute, job.relative, scanner, job.size).then(
    (result) => parentPort?.postMessage({ id: job.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  );
});
