import type { ModelResource } from '../bundle/statement.ts';
import type { FileDiff } from './file-diff.ts';
import { fileOfResource, sameAlgorithm } from './hash-plan.ts';

/**
 * Compare resources as `{name: (algorithm, digest)}` maps, as model_signing does (order does not matter),
 * and report files: a sharded file is listed once, under the worst change of any of its shards.
 */
export function diffResources(
  signed: readonly ModelResource[],
  actual: readonly ModelResource[],
  sharded: boolean,
): FileDiff {
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

/** Compare plain per-file SHA-256 lists (provenance model and dataset files) by name. */
export function diffFiles(
  recorded: readonly { readonly name: string; readonly sha256: string }[],
  actual: readonly { readonly name: string; readonly sha256: string }[],
): FileDiff {
  const asResources = (files: typeof recorded): ModelResource[] =>
    files.map((f) => ({ name: f.name, algorithm: 'sha256', digest: f.sha256 }));
  return diffResources(asResources(recorded), asResources(actual), false);
}
