import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** More directory entries than this while looking for unsigned files: stop rather than walk forever. */
const MAX_ENTRIES = 2_000_000;

/**
 * Is a signed file name safe to look up under the model root? Names come from the (verified, but
 * possibly hostile-signer) statement: refuse absolute paths, `..`, empty components and backslashes.
 */
export function isSafeResourceName(name: string): boolean {
  if (name === '.') return true;
  if (name === '' || isAbsolute(name) || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * For `allowUnsignedFiles`: the model-relative paths to ignore so that hashing sees only the signed
 * files (model_signing's `--ignore-unsigned-files` hashes just the listed files). Every directory entry
 * that is neither a listed file nor a directory on the way to one is ignored whole, so unsigned files are
 * never read. Returns undefined when the walk is too large.
 */
export async function unsignedPaths(
  root: string,
  files: ReadonlySet<string>,
): Promise<string[] | undefined> {
  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  }
  const out: string[] = [];
  const stack = [''];
  let seen = 0;
  while (stack.length > 0) {
    const rel = stack.pop() ?? '';
    let entries;
    try {
      entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      continue; // not a directory (single-file model) or unreadable: hashing reports it
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return undefined;
      const name = rel === '' ? e.name : `${rel}/${e.name}`;
      if (files.has(name)) continue;
      if (dirs.has(name) && e.isDirectory()) stack.push(name);
      else out.push(name);
    }
  }
  return out;
}
