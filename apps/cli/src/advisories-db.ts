import { join } from 'node:path';
import { resolve } from 'node:path';
import type { ScanOptions } from '@mlsec/scan';
import type { CommandIo } from './io.ts';

/** Which advisory database a scan reads (the scan package's AdvisoriesInit). */
export type AdvisoriesInit = NonNullable<NonNullable<ScanOptions['settings']>['advisories']>;

/**
 * mlsec's per-user data folder: $MLSEC_DATA_DIR, else $XDG_DATA_HOME/mlsec, else
 * ~/.local/share/mlsec (XDG Base Directory defaults); undefined when the environment names none.
 */
export function userDataDir(env: CommandIo['env']): string | undefined {
  const own = env['MLSEC_DATA_DIR'];
  if (own !== undefined && own !== '') return own;
  const xdg = env['XDG_DATA_HOME'];
  // The XDG spec: a relative path is invalid and must be ignored.
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'mlsec');
  const home = env['HOME'];
  if (home !== undefined && home !== '') return join(home, '.local', 'share', 'mlsec');
  return undefined;
}

/** Where `mlsec advisories update` writes the database by default. */
export function userAdvisoriesFile(env: CommandIo['env']): string | undefined {
  const dir = userDataDir(env);
  return dir === undefined ? undefined : join(dir, 'advisories.json');
}

/**
 * The advisory database of a scan: the --advisories file when given; else the shipped snapshot, or
 * the user's database from `mlsec advisories update` when that one is newer.
 */
export function advisoriesInit(flag: string | undefined, io: CommandIo): AdvisoriesInit {
  if (flag !== undefined) return { databaseFile: resolve(io.cwd, flag) };
  const user = userAdvisoriesFile(io.env);
  return user === undefined ? {} : { userDatabaseFile: user };
}
