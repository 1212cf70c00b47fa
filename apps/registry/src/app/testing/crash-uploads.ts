import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import type { PlannedFile, PlannedVersion } from './upload-plan.ts';

/** Bytes per write of a streamed blob body. */
const CHUNK = 64 * 1024;

/**
 * How many blob bytes the uploads may still send, across all of them. Once spent, every upload holds
 * its next write (mid-stream) until release(): the test kills the server in between.
 */
export class ByteBudget {
  #left: number;
  #spend: () => void = () => undefined;
  #release: () => void = () => undefined;
  /** Resolves when the last allowed byte has been handed to a request. */
  readonly spent: Promise<void>;
  /** Resolves on release(): held uploads then drop their requests. */
  readonly released: Promise<void>;

  constructor(bytes: number) {
    this.#left = bytes;
    this.spent = new Promise((resolve) => (this.#spend = resolve));
    this.released = new Promise((resolve) => (this.#release = resolve));
  }

  get isSpent(): boolean {
    return this.#left === 0;
  }

  /** Up to `wanted` bytes may be sent now (0 once spent). */
  take(wanted: number): number {
    const granted = Math.min(wanted, this.#left);
    this.#left -= granted;
    if (this.#left === 0) this.#spend();
    return granted;
  }

  /** Spend what is left: every upload holds at its next write. */
  stop(): void {
    this.#left = 0;
    this.#spend();
  }

  release(): void {
    this.#release();
  }
}

/** How far one blob upload got: bytes handed to the connection, and the answer if one came. */
export interface BlobOutcome {
  readonly sha256: string;
  readonly size: number;
  sent: number;
  status?: number;
}

/** How far one version's push got: its blob uploads, then its registration. */
export interface VersionOutcome {
  readonly version: string;
  readonly blobs: BlobOutcome[];
  /** `not-sent`; `sent` when no answer came back (the server died); else the HTTP status. */
  post: 'not-sent' | 'sent' | number;
}

/** Where and as whom the uploads go. */
export interface UploadTarget {
  readonly url: string;
  readonly token: string;
  readonly namespace: string;
  readonly model: string;
}

const drained = (req: ClientRequest): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });

/**
 * PUT one blob, streamed in CHUNK writes as far as `budget` allows, with its full Content-Length.
 * Never rejects: a lost connection or a held upload leaves `outcome` without a status.
 */
export function putBlob(
  target: UploadTarget,
  file: PlannedFile,
  budget: ByteBudget,
  outcome: BlobOutcome,
): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${target.url}/v1/${target.namespace}/blobs/${file.sha256}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/octet-stream',
        'content-length': String(file.bytes.length),
      },
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      outcome.status = res.statusCode ?? 0;
      res.on('error', () => resolve());
      res.on('end', () => resolve());
      res.resume();
    });
    void (async () => {
      while (outcome.sent < file.bytes.length && !req.destroyed) {
        const n = budget.take(Math.min(CHUNK, file.bytes.length - outcome.sent));
        if (n === 0) {
          await budget.released;
          req.destroy();
          return;
        }
        const flowing = req.write(file.bytes.subarray(outcome.sent, outcome.sent + n));
        outcome.sent += n;
        if (!flowing) await drained(req);
      }
      if (!req.destroyed) req.end();
    })();
  });
}

/**
 * POST a version's registration: its status, or `sent` when the connection died first. `onSent` runs
 * once the whole request has been handed to the operating system (the server will read it).
 */
export function postVersion(
  target: UploadTarget,
  version: PlannedVersion,
  onSent?: () => void,
): Promise<'sent' | number> {
  const body = Buffer.from(
    JSON.stringify({
      version: version.version,
      files: version.files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.bytes.length })),
    }),
  );
  return new Promise((resolve) => {
    const req = request(`${target.url}/v1/${target.namespace}/models/${target.model}/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
    });
    req.on('error', () => resolve('sent'));
    req.on('finish', () => onSent?.());
    req.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.on('error', () => undefined);
      res.resume();
    });
    req.end(body);
  });
}

/**
 * Push `versions`, `concurrency` at a time, each uploading its files at once and registering once
 * they are all stored; no new version starts after `budget` is spent. With `stopAtRegistration` k,
 * the budget is spent the moment the k-th registration has been sent (the server is reading it).
 * Resolves when every started request has ended (answered, or cut off by the server's death and the
 * budget's release).
 */
export async function pushAll(
  target: UploadTarget,
  versions: readonly PlannedVersion[],
  budget: ByteBudget,
  concurrency: number,
  stopAtRegistration = Infinity,
): Promise<VersionOutcome[]> {
  const outcomes = versions.map((v): VersionOutcome => ({
    version: v.version,
    blobs: [],
    post: 'not-sent',
  }));
  let next = 0;
  let registrations = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < versions.length && !budget.isSpent; i = next++) {
      const version = versions[i] as PlannedVersion;
      const outcome = outcomes[i] as VersionOutcome;
      await Promise.all(
        version.files.map((file) => {
          const blob: BlobOutcome = { sha256: file.sha256, size: file.bytes.length, sent: 0 };
          outcome.blobs.push(blob);
          return putBlob(target, file, budget, blob);
        }),
      );
      if (outcome.blobs.every((b) => b.status === 200 || b.status === 201)) {
        outcome.post = 'sent';
        const k = ++registrations;
        outcome.post = await postVersion(target, version, () => {
          if (k === stopAtRegistration) budget.stop();
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
