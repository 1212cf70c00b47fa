import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';

/** The registry accepts at most this many files in a version. */
export const MAX_FILES = 10_000;

/** One file of a model folder: its '/'-separated path relative to the folder, and where it is. */
export interface LocalFile {
  readonly path: string;
  readonly absolute: string;
  readonly size: number;
}

/** A local file with its SHA-256. */
export type HashedFile = LocalFile & { readonly sha256: string };

/**
 * The regular files under `root`, sorted by path. Symlinks and special files are refused rather than
 * skipped or followed: a push must hold exactly the folder's bytes, and a link could reach outside it.
 */
export async function walkDir(root: string): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const stat = await lstat(absolute);
      if (stat.isSymbolicLink()) {
        throw new MlsecError(
          'CLI_REGISTRY_FILE_REFUSED',
          `${snippet(path, 200)} is a symlink; push only regular files (copy the target in)`,
        );
      }
      if (stat.isDirectory()) await visit(absolute, path);
      else if (stat.isFile()) {
        if (out.length >= MAX_FILES) {
          throw new MlsecError(
            'CLI_REGISTRY_FILE_REFUSED',
            `the folder holds more than ${MAX_FILES} files, the most a version may list`,
          );
        }
        out.push({ path, absolute, size: stat.size });
      } else {
        throw new MlsecError(
          'CLI_REGISTRY_FILE_REFUSED',
          `${snippet(path, 200)} is not a regular file (socket, FIFO or device)`,
        );
      }
    }
  };
  await visit(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Hash a file as a stream (one chunk in memory); `onBytes` sees each chunk's length. */
export async function hashFile(file: LocalFile, onBytes: (n: number) => void): Promise<HashedFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file.absolute)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    onBytes(bytes.length);
  }
  if (size !== file.size) {
    throw new MlsecError(
      'CLI_REGISTRY_IO_FAILED',
      `${snippet(file.path, 200)} changed size while it was read`,
    );
  }
  return { ...file, sha256: hash.digest('hex') };
}
