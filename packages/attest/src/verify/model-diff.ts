import type { ModelResource } from '../bundle/statement.ts';
import { fileOfResource, sameAlgorithm } from './hash-plan.ts';

/** What differs between the signed manifest and the files on disk, as model-relative file names. */
export interface ModelDiff {
  /** Files whose content (a digest of the file or one of its shards) differs. */
  readonly modified: readonly string[];
  /** Signed files that are not on disk (or not hashed, e.g. now ignored). */
  readonly missing: readonly string[];
  /** Files on disk that the signature does not list. */
  readonly extra: readonly string[];
}

/**
 * Compare resources as `{name: (algorithm, digest)}` maps, as model_signing does (order does not matter),
 * and report files: a sharded file is listed once, under the worst change of any of its shards.
 */
export function diffResources(
  signed: readonly ModelResource[],
  actual: readonly ModelResource[],
  sharded: boolean,
): ModelDiff {
  const want = new Map(signed.map((r) => [r.name, r]));
  const have = new Map(actual.map((r) => [r.name, r]));
  const modified = new Set<string>();
  const missing = new Set<string>();
  const extra = new Set<string>();
  for (const [name, r] of want) {
    const got = have.get(name);
    const file = fileOfResource(name, sharded);
    if (got === undefined) missing.add(file);
    else if (got.digest !== r.digest.toLowerCase() || !sameAlgorithm(r.algorithm, got.algorithm)) {
      modified.add(file);
    }
  }
  for (const name of have.keys()) if (!want.has(name)) extra.add(fileOfResource(name, sharded));
  // A file whose shards changed in number shows up as both missing and extra shards: it was modified.
  for (const file of missing) {
    if (extra.has(file)) {
      modified.add(file);
      missing.delete(file);
      extra.delete(file);
    }
  }
  for (const file of modified) {
    missing.delete(file);
    extra.delete(file);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return { modified: sorted(modified), missing: sorted(missing), extra: sorted(extra) };
}
