import { startWorker } from '@mlsec/core';
import type { OpenDatabaseOptions } from '../open-database.ts';

/** Work for db-worker.ts: migrate, or append `count` log entries one transaction each. */
export type WorkerJob =
  | { readonly op: 'migrate'; readonly url: string; readonly options: OpenDatabaseOptions }
  | {
      readonly op: 'append';
      readonly url: string;
      readonly options: OpenDatabaseOptions;
      readonly writer: string;
      readonly count: number;
    };

/** Run `job` on a new worker thread (its own connection) and resolve with what it posts back. */
export function runInWorker<T>(job: WorkerJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(new URL('./db-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    worker.once('message', (value: T) => {
      settled = true;
      resolve(value);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`db worker exited with code ${code} before answering`));
    });
  });
}
