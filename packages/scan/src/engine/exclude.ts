import { MlsecError } from '@mlsec/core';

/** Longest --exclude pattern accepted. */
const MAX_PATTERN = 1024;

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` is any number of folders (none included); a final `**` is everything below.
        if (glob[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return out;
}

/**
 * Paths a scan leaves out, from gitignore-like globs: a pattern without `/` matches a file or folder
 * name anywhere (`node_modules`, `*.log`, `.venv`, `docs/`); one with `/` before its end matches the
 * path relative to the working folder (`/build`, `data/raw/**`, `**\/checkpoints`); `*` and `?` stay within one name, `**` crosses
 * folders. An excluded folder is not entered.
 */
export class ExcludeFilter {
  private readonly names: readonly RegExp[];
  private readonly paths: readonly RegExp[];

  constructor(patterns: readonly string[]) {
    const names: RegExp[] = [];
    const paths: RegExp[] = [];
    for (const raw of patterns) {
      const pattern = raw.trim().replace(/^\.\//, '').replace(/\/+$/, '');
      if (pattern === '' || pattern.length > MAX_PATTERN || pattern.includes('\0')) {
        throw new MlsecError(
          'CLI_USAGE',
          `--exclude ${JSON.stringify(raw.slice(0, 40))} is not a usable pattern`,
        );
      }
      if (pattern.includes('/'))
        paths.push(new RegExp(`^${globToRegex(pattern.replace(/^\//, ''))}$`));
      else names.push(new RegExp(`^${globToRegex(pattern)}$`));
    }
    this.names = names;
    this.paths = paths;
  }

  /** True when the entry `name` at `relative` (to the working folder, '/' separators) is left out. */
  excludes(name: string, relative: string): boolean {
    return this.names.some((re) => re.test(name)) || this.paths.some((re) => re.test(relative));
  }
}
