import { MlsecError, snippet } from '@mlsec/core';
import type { JobPayload } from './job-queue.ts';

/** Largest serialised payload a job may carry: jobs carry ids, not data. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** A job kind: lower-case letters, digits and dashes, starting with a letter (also a pg-boss queue name). */
const KIND = /^[a-z][a-z0-9-]{0,62}$/;

/** Settings shared by both queues; every worker of one deployment must use the same ones. */
export interface JobQueueOptions {
  /** Every job kind this queue may enqueue or work (e.g. `['scan', 'verify-signature']`). */
  readonly kinds: readonly string[];
  /** Attempts per job, the first included (default 3). */
  readonly maxAttempts?: number;
  /** Seconds before a retry (default 5); with backoff, doubled per attempt with up to 100 % jitter. */
  readonly retryDelaySeconds?: number;
  /** Exponential backoff between retries (default true). */
  readonly retryBackoff?: boolean;
  /** How long one attempt may run before it counts as failed and may run elsewhere (default 900 s). */
  readonly leaseSeconds?: number;
  /** How often an idle queue looks for due jobs (default 500 ms on SQLite, 2000 ms on PostgreSQL). */
  readonly pollIntervalMs?: number;
  /** Receives errors of the queue itself (database unreachable, …); default: process.emitWarning. */
  readonly onError?: (error: unknown) => void;
}

/** JobQueueOptions checked and completed with defaults. */
export interface ResolvedJobOptions {
  readonly kinds: ReadonlySet<string>;
  readonly maxAttempts: number;
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  readonly leaseSeconds: number;
  readonly pollIntervalMs: number;
  readonly onError: (error: unknown) => void;
}

/** Check `options` (integers in range, valid kinds) and fill in defaults; throws REGISTRY_JOB_INVALID. */
export function resolveJobOptions(
  options: JobQueueOptions,
  defaultPollMs: number,
): ResolvedJobOptions {
  if (options.kinds.length === 0) invalid('declare at least one job kind');
  for (const kind of options.kinds) checkKind(kind);
  const resolved: ResolvedJobOptions = {
    kinds: new Set(options.kinds),
    maxAttempts: integer('maxAttempts', options.maxAttempts ?? 3, 1, 100),
    retryDelaySeconds: integer('retryDelaySeconds', options.retryDelaySeconds ?? 5, 0, 86_400),
    retryBackoff: options.retryBackoff ?? true,
    leaseSeconds: integer('leaseSeconds', options.leaseSeconds ?? 900, 1, 86_400),
    pollIntervalMs: integer('pollIntervalMs', options.pollIntervalMs ?? defaultPollMs, 20, 60_000),
    onError: options.onError ?? warn,
  };
  return resolved;
}

/** Throw REGISTRY_JOB_INVALID unless `kind` is well formed and declared in `kinds`. */
export function checkDeclaredKind(kinds: ReadonlySet<string>, kind: string): void {
  checkKind(kind);
  if (!kinds.has(kind)) invalid(`job kind "${kind}" is not declared for this queue`);
}

/** Throw REGISTRY_JOB_INVALID unless `concurrency` is an integer from 1 to 64. */
export function checkConcurrency(concurrency: number): number {
  return integer('concurrency', concurrency, 1, 64);
}

/** Serialise `payload` (a plain JSON object, at most MAX_PAYLOAD_BYTES) or throw REGISTRY_JOB_INVALID. */
export function serialisePayload(payload: JobPayload): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    invalid('a job payload must be a JSON object');
  }
  let text: string;
  try {
    text = JSON.stringify(payload);
  } catch (error) {
    invalid(`a job payload must be JSON: ${snippet(String(error), 120)}`);
  }
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    invalid(`a job payload must be at most ${MAX_PAYLOAD_BYTES} bytes as JSON`);
  }
  return text;
}

/** The message of a thrown value, escaped and bounded for storage as a job's last error. */
export function failureMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return snippet(text, 500);
}

function checkKind(kind: string): void {
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    invalid(
      `bad job kind "${snippet(String(kind), 80)}": use lower-case letters, digits and -, starting with a letter`,
    );
  }
}

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    invalid(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function invalid(message: string): never {
  throw new MlsecError('REGISTRY_JOB_INVALID', message);
}

function warn(error: unknown): void {
  process.emitWarning(`registry job queue: ${failureMessage(error)}`);
}
