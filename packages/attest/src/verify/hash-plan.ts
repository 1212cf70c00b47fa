import type { BuildManifestOptions } from '../manifest/index.ts';
import { MODEL_SIGNING_PREDICATE_V01, type ModelStatement } from '../bundle/statement.ts';

/** How to re-hash a model so it can be compared with a signed statement. */
export interface HashPlan {
  readonly mode: BuildManifestOptions['mode'];
  readonly allowSymlinks: boolean;
  /** The statement's `ignore_paths` (model-relative). */
  readonly ignorePaths: readonly string[];
}

/**
 * Read `predicate.serialization` into manifest options, or say why not. Accepts `shard_size` written as a
 * float (`1000000000.0` parses to an integer number) and the v0.1 predicate (files, SHA-256).
 */
export function hashPlanOf(statement: ModelStatement): HashPlan | string {
  if (statement.predicateType === MODEL_SIGNING_PREDICATE_V01) {
    return { mode: 'file', allowSymlinks: false, ignorePaths: [] };
  }
  const s = statement.serialization ?? {};
  const hashType = s['hash_type'];
  if (hashType !== 'sha256')
    return `hash_type ${JSON.stringify(hashType)} is not supported (only sha256)`;
  const allowSymlinks = s['allow_symlinks'] === true;
  const raw = s['ignore_paths'] ?? [];
  if (!Array.isArray(raw) || raw.some((p) => typeof p !== 'string' || p === '' || p === '.')) {
    return 'serialization.ignore_paths is not a list of paths';
  }
  const ignorePaths = raw as string[];
  if (s['method'] === 'files') return { mode: 'file', allowSymlinks, ignorePaths };
  if (s['method'] === 'shards') {
    const shardSize = s['shard_size'];
    if (typeof shardSize !== 'number' || !Number.isSafeInteger(shardSize) || shardSize <= 0) {
      return 'serialization.shard_size is not a positive integer';
    }
    return { mode: { shardSize }, allowSymlinks, ignorePaths };
  }
  return 'serialization.method is neither files nor shards';
}

/** The file a resource name refers to: shard names are `path:start:end`. */
export function fileOfResource(name: string, sharded: boolean): string {
  if (!sharded) return name;
  const m = /^(.*):\d+:\d+$/s.exec(name);
  return m?.[1] ?? name;
}

/** Does this resource algorithm stand for SHA-256 of the plan's unit (file or shard)? */
export function sameAlgorithm(signed: string, actual: string): boolean {
  if (signed === actual) return true;
  // v0.1 wrote `file-sha256`; shard resources may say plain `sha256` (OMS spec) or `sha256-sharded-N`.
  const plain = (a: string): string =>
    a === 'file-sha256' || a.startsWith('sha256-sharded-') ? 'sha256' : a;
  return plain(signed) === plain(actual);
}
