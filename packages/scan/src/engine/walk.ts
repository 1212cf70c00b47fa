import { lstatSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { MlsecError } from '@mlsec/core';
import type { ExcludeFilter } from './exclude.ts';

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
  /** Folders that could not be listed (relative paths): reported, never silently skipped. */
  readonly unreadable: string[];
  /** Files and folders left out by --exclude patterns (counted in the report). */
  readonly excluded: number;
}

/** Folders never descended into: version-control metadata. */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn']);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Walk the targets (synchronously: a tree walk is thousands of tiny metadata calls, which cost more as
 * thread-pool round trips than they take): files are taken as given, folders recursively. Symbolic links to files are followed
 * (Hugging Face caches are made of them); links to folders are not, so the walk cannot loop. A target
 * that does not exist is a usage error (exit 2), not a finding.
 */
export function walk(targets: readonly string[], cwd: string, exclude?: ExcludeFilter): WalkResult {
  let excluded = 0;
  const files: WalkedFile[] = [];
  const folders: WalkedFolder[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();

  const rel = (absolute: string): string => toPosix(relative(cwd, absolute)) || '.';

  function visitFolder(absolute: string): string[] {
    const below: string[] = [];
    let entries;
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      unreadable.push(rel(absolute));
      return below;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(absolute, entry.name);
      if (exclude?.excludes(entry.name, rel(child))) {
        excluded += 1;
        continue;
      }
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        const inner = visitFolder(child);
        for (const name of inner) below.push(`${entry.name}/${name}`);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = statOrUndefined(child);
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
    const info = lstatOrUndefined(absolute);
    if (!info) throw new MlsecError('SCAN_PATH_NOT_FOUND', `no such file or folder: ${target}`);
    if (info.isDirectory()) visitFolder(absolute);
    else if (!seen.has(absolute)) {
      seen.add(absolute);
      const size = (statOrUndefined(absolute) ?? info).size;
      files.push({ absolute, relative: rel(absolute), size });
    }
  }
  return { files, folders, unreadable, excluded };
}
