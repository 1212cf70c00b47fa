import { realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { gitError, runGit } from './git-process.ts';

/** Where a history scan runs: the repository and the part of it that was asked for. */
export interface GitTarget {
  /** Absolute, real path of the work tree's top folder. */
  readonly top: string;
  /** The scanned path relative to `top` ('/' separators, '' for the whole repository). */
  readonly pathspec: string;
  /** Absolute, real path of the scan's working directory, which report paths are relative to. */
  readonly cwd: string;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Find the git work tree holding `path` (a file or folder, relative to `cwd`). Throws
 * SCAN_GIT_NOT_A_REPO when it is in none (or git refuses it, e.g. an unsafe owner), SCAN_PATH_NOT_FOUND
 * when it does not exist, SCAN_GIT_UNAVAILABLE when git cannot be started.
 */
export async function locateGitTarget(path: string, cwd: string): Promise<GitTarget> {
  const absolute = resolve(cwd, path);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (!stats) throw new MlsecError('SCAN_PATH_NOT_FOUND', `${path} does not exist`);
  const real = realpathSync(absolute);
  const folder = stats.isDirectory() ? real : dirname(real);
  const out = await runGit(folder, ['rev-parse', '--is-inside-work-tree', '--show-toplevel']);
  const [inside, top] = out.stdout.split('\n');
  if (out.code !== 0 || inside !== 'true' || top === undefined || top === '') {
    throw gitError('SCAN_GIT_NOT_A_REPO', `${path} is not inside a git work tree`, out.stderr);
  }
  const realTop = realpathSync(top);
  return {
    top: realTop,
    pathspec: toPosix(relative(realTop, real)),
    cwd: realpathSync(cwd),
  };
}

/** A path of the repository as a report shows it: relative to the working directory, '/' separators. */
export function reportPath(target: GitTarget, path: string): string {
  return toPosix(relative(target.cwd, join(target.top, path))) || '.';
}
