import { lstat, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, resolve } from 'node:path';
import { snippet } from '@mlsec/core';
import { hashFile, hashShards, READ_BUFFER_BYTES } from './hash-file.ts';
import { DEFAULT_SIGNATURE_FILE, GIT_IGNORE_PATHS, normalizeIgnorePaths } from './ignore-paths.ts';
import { ManifestError } from './manifest-error.ts';
import type { BuildManifestOptions, Manifest, ManifestResource, ManifestSerialization } from './types.ts';
import { walkModel } from './walk-model.ts';
import type { ModelFile } from './walk-model.ts';

const DEFAULT_MAX_FILES = 1_000_000;
const DEFAULT_CONCURRENCY = 4;

/**
 * Hash a model file or folder exactly as OpenSSF `model_signing` v1.x does, so the resources and the
 * subject digest are byte-identical to the reference's (notes §1.4, §1.5). Files are streamed through
 * fixed buffers; several files are hashed at once.
 *
 * @example
 * const manifest = await buildManifest('./my-model', { mode: 'file' });
 * const root = subjectDigest(manifest); // hex, the in-toto subject's sha256
 */
export async function buildManifest(root: string, options: BuildManifestOptions): Promise<Manifest> {
  const shardSize = options.mode === 'file' ? undefined : options.mode.shardSize;
  if (shardSize !== undefined && !(Number.isSafeInteger(shardSize) && shardSize > 0)) {
    throw new ManifestError('ATTEST_BAD_OPTIONS', 'shardSize must be a positive integer');
  }
  const maxFiles = positiveInt(options.maxFiles ?? DEFAULT_MAX_FILES, 'maxFiles');
  const concurrency = positiveInt(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const allowSymlinks = options.allowSymlinks ?? false;
  const modelPath = resolve(root);

  const ignorePaths = normalizeIgnorePaths(modelPath, [
    ...(options.ignoreGitPaths ?? true ? GIT_IGNORE_PATHS : []),
    ...(options.signatureFile === false ? [] : [options.signatureFile ?? DEFAULT_SIGNATURE_FILE]),
    ...(options.ignore ?? []),
  ]);
  const serialization: ManifestSerialization =
    shardSize === undefined
      ? { method: 'files', hashType: 'sha256', allowSymlinks, ignorePaths }
      : { method: 'shards', hashType: 'sha256', shardSize, allowSymlinks, ignorePaths };

  const top = await statModelRoot(modelPath, root, allowSymlinks);
  // A single-file model is one resource named "." (notes §1.4); ignore paths cannot apply to it.
  const files: ModelFile[] = top.isFile()
    ? [{ name: '.', path: modelPath }]
    : await walkModel(modelPath, { ignored: new Set(ignorePaths), allowSymlinks, maxFiles });

  const perFile = await mapPool(files, concurrency, async (file, buf) => {
    if (shardSize === undefined) {
      const digest = await hashFile(file.path, file.name, allowSymlinks, buf);
      return [{ name: file.name, algorithm: 'sha256', digest }];
    }
    const shards = await hashShards(file.path, file.name, shardSize, allowSymlinks, buf);
    return shards.map(({ start, end, digest }) => ({
      name: `${file.name}:${start}:${end}`,
      algorithm: `sha256-sharded-${shardSize}`,
      digest,
    }));
  });
  const resources: ManifestResource[] = perFile.flat();
  return { modelName: basename(modelPath), resources, serialization };
}

async function statModelRoot(modelPath: string, given: string, allowSymlinks: boolean): Promise<Stats> {
  let st: Stats;
  try {
    st = await lstat(modelPath);
    if (st.isSymbolicLink()) {
      if (!allowSymlinks) {
        throw new ManifestError('ATTEST_SYMLINK_REFUSED', `model path is a symlink: ${snippet(given)}`);
      }
      st = await stat(modelPath);
    }
  } catch (cause) {
    if (cause instanceof ManifestError) throw cause;
    throw new ManifestError('ATTEST_MODEL_NOT_FOUND', `cannot read model ${snippet(given)}`, { cause });
  }
  if (!st.isFile() && !st.isDirectory()) {
    throw new ManifestError('ATTEST_UNSUPPORTED_FILE', `model is not a file or folder: ${snippet(given)}`);
  }
  return st;
}

/** Run `fn` over `items` with at most `limit` in flight, each worker owning one read buffer. */
async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, buf: Buffer) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    const buf = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await fn(items[i] as T, buf);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ManifestError('ATTEST_BAD_OPTIONS', `${what} must be a positive integer`);
  }
  return value;
}
