import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_DETECTORS } from '../detectors/index.ts';
import { createPolicy } from '../policy/index.ts';
import { ArtifactScanner } from './artifact-scanner.ts';
import { scanFile } from './scan-file.ts';
import { loadScanSettings } from './settings.ts';
import type { WorkerInit, WorkerJob, WorkerReply } from './worker-protocol.ts';

// Worker entry: scans the files the pool sends, one at a time, and replies with plain findings.
const init = workerData as WorkerInit;
// Rules files were already read once by the main thread, so failures here are unexpected; they fail
// every job with the error, which the pool turns into SCAN_WORKER_FAILED.
const ready = loadScanSettings(init.settings, init.needs).then(
  (settings) =>
    new ArtifactScanner({
      limits: init.limits,
      policy: createPolicy(init.policy),
      detectors: DEFAULT_DETECTORS.filter((detector) => init.detectorIds.includes(detector.id)),
      settings,
    }),
);

parentPort?.on('message', (job: WorkerJob) => {
  ready
    .then((scanner) => scanFile(job.absolute, job.relative, scanner, job.size))
    .then(
      (result) => parentPort?.postMessage({ id: job.id, ok: true, result } satisfies WorkerReply),
      (error: unknown) =>
        parentPort?.postMessage({
          id: job.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        } satisfies WorkerReply),
    );
});
