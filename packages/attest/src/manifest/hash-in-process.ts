import { hashJob } from './hash-file.ts';
import type { HashJob } from './hash-job.ts';
import type { ProgressTracker } from './progress.ts';

/**
 * Hash `jobs` in the calling thread, `lanes` at a time, each lane owning one `bufferBytes` read buffer,
 * so memory stays bounded. Returns the digests indexed like `jobs`. The first error stops every lane.
 */
export async function hashInProcess(
  jobs: readonly HashJob[],
  lanes: number,
  bufferBytes: number,
  progress: ProgressTracker,
): Promise<string[]> {
  const digests = new Array<string>(jobs.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    const buf = Buffer.allocUnsafe(bufferBytes);
    for (let i = next++; i < jobs.length && !failed; i = next++) {
      const job = jobs[i] as HashJob;
      try {
        digests[job.index] = await hashJob(job, buf, (n) => progress.bytes(n));
      } catch (error) {
        failed = true;
        throw error;
      }
      progress.jobDone(job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, jobs.length) }, lane));
  return digests;
}
