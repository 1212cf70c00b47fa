import { isMlsecError, snippet } from '@mlsec/core';
import type { BlobStore } from '../blobs/index.ts';
import type { RegistryState } from '../events/replay.ts';
import type { LedgerProblem } from './verify-ledger.ts';

/** How far the blob re-hash has got (for a progress line). */
export interface BlobCheckProgress {
  readonly blobsDone: number;
  readonly blobsTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface VerifyBlobsOptions {
  /** Called as bytes are read and after each blob. */
  readonly onProgress?: (progress: BlobCheckProgress) => void;
  /** Blobs read at once (default 4: a folder gains little, a bucket a lot). */
  readonly concurrency?: number;
}

/** Uses named in a problem before "and N more". */
const SHOWN_USES = 5;

/** Errors of a store read that mean the stored bytes are not the blob (not that the store is down). */
const TAMPERED: Readonly<Record<string, string>> = {
  REGISTRY_BLOB_NOT_FOUND: 'missing from the blob store',
  REGISTRY_BLOB_CORRUPT: 'the stored bytes differ from the blob (changed, truncated or extended)',
  REGISTRY_BLOB_KEY_MISMATCH: 'the stored bytes do not decrypt under the key-encryption key',
  REGISTRY_BLOB_UNSAFE_PATH: 'the stored blob is not a plain file',
};

interface Use {
  readonly sizes: Set<number>;
  readonly by: string[];
}

/** Every blob the log's versions use: digest → logged sizes and `ns/model@version:path` uses. */
function blobUses(state: RegistryState): Map<string, Use> {
  const uses = new Map<string, Use>();
  for (const [key, version] of state.versions) {
    const [namespace, model, id] = JSON.parse(key) as [string, string, string];
    for (const file of version.files) {
      let use = uses.get(file.sha256);
      if (use === undefined) uses.set(file.sha256, (use = { sizes: new Set(), by: [] }));
      use.sizes.add(file.size);
      use.by.push(`${namespace}/${model}@${id}:${file.path}`);
    }
  }
  return uses;
}

/** Why the stored blob is not the logged one, or undefined when it is; store outages throw. */
async function checkBlob(
  store: BlobStore,
  sha256: string,
  sizes: ReadonlySet<number>,
  onBytes: (n: number) => void,
): Promise<string | undefined> {
  let read = 0;
  try {
    // get() re-hashes as it streams and errors at the end when the digest differs.
    for await (const chunk of await store.get(sha256)) {
      read += (chunk as Uint8Array).byteLength;
      onBytes((chunk as Uint8Array).byteLength);
    }
  } catch (error) {
    const why = isMlsecError(error) ? TAMPERED[error.code] : undefined;
    if (why === undefined) throw error;
    return why;
  }
  if (!sizes.has(read)) return `holds ${read} bytes; the log says ${[...sizes].join(' or ')}`;
  return undefined;
}

/**
 * Re-read from `store` every blob used by a version the log records (replayed `state`, not the
 * tables, which may have been edited) and re-hash it: a blob that is missing, whose bytes no longer
 * hash to its digest, or that fails to decrypt is a problem naming its digest and every
 * `namespace/model@version:path` that uses it. Blobs are checked in digest order; errors that say
 * nothing about the bytes (the store unreachable, permissions) are thrown, not reported.
 */
export async function verifyBlobs(
  state: RegistryState,
  store: BlobStore,
  options: VerifyBlobsOptions = {},
): Promise<LedgerProblem[]> {
  const uses = blobUses(state);
  const digests = [...uses.keys()].sort();
  const found: (LedgerProblem | undefined)[] = [];
  const progress = {
    blobsDone: 0,
    blobsTotal: digests.length,
    bytesDone: 0,
    bytesTotal: [...uses.values()].reduce((n, u) => n + Math.max(...u.sizes), 0),
  };
  const report = (): void => options.onProgress?.({ ...progress });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < digests.length; i = next++) {
      const sha256 = digests[i] as string;
      const use = uses.get(sha256) as Use;
      const why = await checkBlob(store, sha256, use.sizes, (n) => {
        progress.bytesDone += n;
        report();
      });
      if (why !== undefined) {
        const shown = use.by.slice(0, SHOWN_USES).map((u) => snippet(u, 200));
        const more = use.by.length > SHOWN_USES ? ` and ${use.by.length - SHOWN_USES} more` : '';
        found[i] = {
          where: `blobs(sha256:${sha256})`,
          message: `${why}; used by ${shown.join(', ')}${more}`,
        };
      }
      progress.blobsDone += 1;
      report();
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, digests.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return found.filter((p): p is LedgerProblem => p !== undefined);
}
