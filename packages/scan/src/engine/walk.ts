import { lstat, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { MlsecError } from '@mlsec/core';

/** A regular file found by the walk. */
export interface WalkedFile {
  readonly absolute: string;
  /** Relative to the working directory, '/' separators. */
  readonly relative: string;
  readonly size: number;
}

/** A folder found by the walk, with every regular file below it (relative to the folder). */
export interface WalkedFolder {
  readonly absolute: string;
  readonly relative: string;
  readonly files: string[];
}

export interface WalkResult {
  readonly files: WalkedFile[];
  readonly folders: WalkedFolder[];
}

/** Folders never descended into: version-control metadata. */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn']);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Walk the targets: files are taken as given, folders recursively. Symbolic links to files are followed
 * (Hugging Face caches are made of them); links to folders are not, so the walk cannot loop. A target
 * that does not exist is a usage error (exit 2), not a finding.
 */
export async function walk(targets: readonly string[], cwd: string): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const folders: WalkedFolder[] = [];
  const seen = new Set<string>();

  const rel = (absolute: string): string => toPosix(relative(cwd, absolute)) || '.';

  async function visitFolder(absolute: string): Promise<string[]> {
    const below: string[] = [];
    const entries = await readdir(absolute, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        const inner = await visitFolder(child);
        for (const name of inner) below.push(`${entry.name}/${name}`);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await stat(child).catch(() => undefined);
        if (entry.isSymbolicLink() && info && !info.isFile()) continue;
        below.push(entry.name);
        if (!seen.has(child)) {
          seen.add(child);
          files.push({ absolute: child, relative: rel(child), size: info?.size ?? 0 });
        }
      }
    }
    folders.push({ absolute, relative: rel(absolute), files: below });
    return below;
  }

  for (const target of targets) {
    const absolute = resolve(cwd, target);
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) throw new MlsecError('SCAN_PATH_NOT_FOUND', `no such file or folder: ${target}`);
    if (info.isDirectory()) await visitFolder(absolute);
    else if (!seen.has(absolute)) {
      seen.add(absolute);
      const size = (await stat(absolute).catch(() => info)).size;
      files.push({ absolute, relative: rel(absolute), size });
    }
  }
  return { files, folders };
}
