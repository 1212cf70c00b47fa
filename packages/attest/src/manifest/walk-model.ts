import { lstat, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { isIgnored } from './ignore-paths.ts';
import { comparePosixPaths } from './path-order.ts';

/** A regular file to hash: its manifest name, the path to open and its size when listed. */
export interface ModelFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
}

export interface WalkOptions {
  readonly ignored: ReadonlySet<string>;
  readonly allowSymlinks: boolean;
  readonly maxFiles: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * List the regular files of a model directory as the reference does (notes §1.5): hidden files
 * included, directories never listed (empty ones leave no trace), ignored paths skipped before any
 * other check, symlinks refused unless allowed; an allowed symlink to a file is listed under its own
 * name, a symlinked directory is not descended into; sockets, FIFOs, devices and broken links are
 * errors. The result is in component-wise path order. Iterative, so deep trees cannot overflow the stack.
 */
export async function walkModel(root: string, options: WalkOptions): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  const dirs: string[] = [''];
  for (let rel = dirs.pop(); rel !== undefined; rel = dirs.pop()) {
    const raw = await readNames(join(root, rel));
    for (const bytes of raw) {
      const base = decodeName(bytes, rel);
      const name = rel === '' ? base : `${rel}/${base}`;
      if (isIgnored(name, options.ignored)) continue;
      const path = join(root, name);
      const st = await lstatOrFail(path, name);
      let size = st.size;
      if (st.isDirectory()) {
        dirs.push(name);
        continue;
      }
      if (st.isSymbolicLink()) {
        if (!options.allowSymlinks) {
          throw new MlsecError('ATTEST_SYMLINK_REFUSED', `symlink in model: ${snippet(name)}`);
        }
        const target = await stat(path).catch(() => undefined);
        if (target === undefined) throw unsupported(name, 'broken symlink');
        if (target.isDirectory()) continue; // pathlib's `**` does not descend into linked directories
        if (!target.isFile()) throw unsupported(name, 'symlink to a special file');
        size = target.size;
      } else if (!st.isFile()) {
        throw unsupported(name, 'special file');
      }
      if (files.length >= options.maxFiles) {
        throw new MlsecError(
          'ATTEST_TOO_MANY_FILES',
          `model has more than ${options.maxFiles} files`,
        );
      }
      files.push({ name, path, size });
    }
  }
  return files.sort((a, b) => comparePosixPaths(a.name, b.name));
}

async function readNames(dir: string): Promise<Buffer[]> {
  try {
    return await readdir(dir, { encoding: 'buffer' });
  } catch (cause) {
    throw new MlsecError('ATTEST_READ_FAILED', `cannot list ${snippet(dir)}`, { cause });
  }
}

async function lstatOrFail(path: string, name: string): Promise<Stats> {
  try {
    return await lstat(path);
  } catch (cause) {
    throw new MlsecError('ATTEST_READ_FAILED', `cannot stat ${snippet(name)}`, { cause });
  }
}

/** Names must be UTF-8: a manifest name is a JSON string, and a lossy decode could not be reopened. */
function decodeName(bytes: Buffer, dir: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MlsecError(
      'ATTEST_UNSUPPORTED_NAME',
      `file name in ${snippet(dir || '.')} is not UTF-8`,
    );
  }
}

function unsupported(name: string, what: string): MlsecError {
  return new MlsecError('ATTEST_UNSUPPORTED_FILE', `${what} in model: ${snippet(name)}`);
}
