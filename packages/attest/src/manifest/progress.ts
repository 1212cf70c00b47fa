import type { HashJob } from './hash-job.ts';
import type { ManifestProgress } from './types.ts';

/** Bytes hashed between two reports inside one long file or shard. */
export const PROGRESS_STEP_BYTES = 64 << 20;

/**
 * Counts hashed bytes and finished files and calls `onProgress` at a bounded rate: once at the start,
 * when a job (file or shard) finishes, and every {@link PROGRESS_STEP_BYTES} in between.
 */
export class ProgressTracker {
  private readonly jobsLeft: number[];
  private filesDone = 0;
  private bytesDone = 0;
  private unreported = 0;
  private readonly bytesTotal: number;
  private readonly onProgress: ((progress: ManifestProgress) => void) | undefined;

  constructor(
    fileSizes: readonly number[],
    jobs: readonly HashJob[],
    onProgress: ((progress: ManifestProgress) => void) | undefined,
  ) {
    this.onProgress = onProgress;
    this.jobsLeft = fileSizes.map(() => 0);
    for (const job of jobs) this.jobsLeft[job.file] = (this.jobsLeft[job.file] ?? 0) + 1;
    // Files without jobs (empty files in shards mode) have nothing to wait for.
    this.filesDone = this.jobsLeft.filter((n) => n === 0).length;
    this.bytesTotal = fileSizes.reduce((sum, size) => sum + size, 0);
  }

  get totalBytes(): number {
    return this.bytesTotal;
  }

  start(): void {
    this.report();
  }

  /** Some bytes of a running job were hashed. */
  bytes(n: number): void {
    this.bytesDone += n;
    this.unreported += n;
    if (this.unreported >= PROGRESS_STEP_BYTES) this.report();
  }

  /** A job finished; `n` is any of its bytes not yet counted through {@link bytes}. */
  jobDone(job: HashJob, n = 0): void {
    this.bytesDone += n;
    const left = (this.jobsLeft[job.file] ?? 1) - 1;
    this.jobsLeft[job.file] = left;
    if (left === 0) this.filesDone++;
    this.report();
  }

  private report(): void {
    this.unreported = 0;
    this.onProgress?.({
      filesDone: this.filesDone,
      filesTotal: this.jobsLeft.length,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
    });
  }
}
