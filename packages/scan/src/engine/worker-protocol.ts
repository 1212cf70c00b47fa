import type { Limits } from '@mlsec/core';
import type { PolicyOptions } from '../policy/index.ts';
import type { FileResult } from './scan-file.ts';
import type { ScanSettingsInit, SettingsNeeds } from './settings.ts';

/** Sent once when a worker starts (workerData). */
export interface WorkerInit {
  readonly limits: Limits;
  readonly policy: PolicyOptions;
  /** Ids of the artifact detectors to run (after --only/--skip). */
  readonly detectorIds: readonly string[];
  readonly settings: ScanSettingsInit;
  readonly needs: SettingsNeeds;
}

/** Main thread → worker: scan one file. */
export interface WorkerJob {
  readonly id: number;
  readonly absolute: string;
  readonly relative: string;
  readonly size: number;
}

/** Worker → main thread. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: FileResult }
  | { readonly id: number; readonly ok: false; readonly error: string };
