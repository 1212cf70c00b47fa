import { isAbsolute, relative, resolve, sep } from 'node:path';
import { MlsecError } from '@mlsec/core';

/** Paths the reference ignores at the model root by default (`hashing.Config`, ignore_git_paths). */
export const GIT_IGNORE_PATHS = ['.git', '.gitattributes', '.github', '.gitignore'] as const;

/** The reference CLI's default signature file name (`--signature` defaults to `model.sig`). */
export const DEFAULT_SIGNATURE_FILE = 'model.sig';

/**
 * Turn user ignore paths into model-relative POSIX paths. Absolute paths and `..` paths that land
 * outside the model cannot match anything in it and are dropped, as the reference CLI only ignores the
 * signature when it resolves inside the model (notes §1.1). A path naming the model root itself would
 * ignore everything, so it is refused.
 */
export function normalizeIgnorePaths(root: string, paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    if (p === '') throw new MlsecError('ATTEST_BAD_OPTIONS', 'an ignore path is empty');
    const abs = isAbsolute(p) ? resolve(p) : resolve(root, p);
    const rel = relative(root, abs);
    if (rel === '')
      throw new MlsecError('ATTEST_BAD_OPTIONS', 'an ignore path names the model root');
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
    out.add(rel.split(sep).join('/'));
  }
  return [...out].sort();
}

/** True if `name` (model-relative POSIX) is an ignored path or lies below one (`Path.is_relative_to`). */
export function isIgnored(name: string, ignored: ReadonlySet<string>): boolean {
  if (ignored.has(name)) return true;
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    if (ignored.has(name.slice(0, i))) return true;
  }
  return false;
}
