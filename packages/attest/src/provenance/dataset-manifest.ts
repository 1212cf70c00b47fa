import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isMlsecError, MlsecError, snippet } from '@mlsec/core';
import { buildManifest, subjectDigest } from '../manifest/index.ts';
import type { Manifest, ManifestProgress } from '../manifest/index.ts';
import type { FileDigest } from './types.ts';

/** A hashed dataset or model: files in manifest order, the root digest over them, sizes. */
export interface HashedTree {
  readonly rootSha256: string;
  readonly files: readonly FileDigest[];
  readonly totalBytes: number;
  /** Last component of the resolved path (the manifest's model name). */
  readonly baseName: string;
}

/** Options for {@link hashDataset} and {@link hashModel}. */
export interface HashTreeOptions {
  /** Refuse trees with more files than this (default 1,000,000, the manifest default). */
  readonly maxFiles?: number;
  /** Hashing progress (the manifest builder's). */
  readonly onProgress?: (progress: ManifestProgress) => void;
}

/**
 * Hash a dataset version (a file or a folder) the way a model is hashed (OMS `files` method): one
 * SHA-256 per file in component-wise path order, and one root digest over them, so a dataset version is
 * one hash. Git paths are ignored and no signature file is left out. A missing path is
 * PROVENANCE_DATASET_NOT_FOUND; other manifest errors keep their ATTEST_* code.
 */
export async function hashDataset(
  path: string,
  options: HashTreeOptions = {},
): Promise<HashedTree> {
  return hashTree(path, false, 'PROVENANCE_DATASET_NOT_FOUND', 'dataset', options);
}

/** Hash a model exactly as `mlsec sign` does by default (`model.sig` and git paths left out). */
export async function hashModel(path: string, options: HashTreeOptions = {}): Promise<HashedTree> {
  return hashTree(path, undefined, 'ATTEST_MODEL_NOT_FOUND', 'model', options);
}

async function hashTree(
  path: string,
  signatureFile: false | undefined,
  notFound: 'PROVENANCE_DATASET_NOT_FOUND' | 'ATTEST_MODEL_NOT_FOUND',
  what: string,
  options: HashTreeOptions,
): Promise<HashedTree> {
  let manifest: Manifest;
  try {
    manifest = await buildManifest(path, {
      mode: 'file',
      ...(signatureFile === false ? { signatureFile } : {}),
      ...(options.maxFiles === undefined ? {} : { maxFiles: options.maxFiles }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } catch (cause) {
    if (isMlsecError(cause) && cause.code === 'ATTEST_MODEL_NOT_FOUND') {
      throw new MlsecError(notFound, `cannot read ${what} ${snippet(path)}`, { cause });
    }
    throw cause;
  }
  const files = manifest.resources.map((r) => ({ name: r.name, sha256: r.digest }));
  return {
    rootSha256: subjectDigest(manifest),
    files,
    totalBytes: await totalSize(path, files),
    baseName: manifest.modelName,
  };
}

/** Sum of file sizes, a few stats at a time. */
async function totalSize(root: string, files: readonly FileDigest[]): Promise<number> {
  let total = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const name = files[i]?.name ?? '.';
      const st = await stat(name === '.' ? root : join(root, ...name.split('/')));
      total += st.size;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(16, files.length) }, worker));
  } catch (cause) {
    throw new MlsecError('ATTEST_READ_FAILED', `cannot stat a file under ${snippet(root)}${sep}`, {
      cause,
    });
  }
  return total;
}
