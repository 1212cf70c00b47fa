import { MlsecError } from '@mlsec/core';
import type { Kysely } from 'kysely';
import { logSize } from '../db/log-append.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { consistencyPlan, inclusionPlan, readPlanAsync, rootPlan } from '../tlog/index.ts';
import { treeTable } from './tree-table.ts';

async function checkSize(db: Kysely<RegistrySchema>, size: number): Promise<void> {
  const current = await logSize(db);
  if (!Number.isSafeInteger(size) || size < 0 || size > current) {
    throw new MlsecError(
      'REGISTRY_TLOG_RANGE',
      `tree size ${size} is not between 0 and ${current}`,
    );
  }
}

/** MTH of the first `size` log entries, from the stored subtrees (O(log n) rows). */
export async function logRoot(db: Kysely<RegistrySchema>, size: number): Promise<Uint8Array> {
  await checkSize(db, size);
  const [root] = await readPlanAsync(treeTable(db), rootPlan(size));
  return root as Uint8Array;
}

/** The RFC 9162 inclusion proof of entry `index` in the tree of `size` entries. */
export async function logInclusionProof(
  db: Kysely<RegistrySchema>,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  await checkSize(db, size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new MlsecError('REGISTRY_TLOG_RANGE', `entry ${index} is not in a tree of ${size}`);
  }
  return readPlanAsync(treeTable(db), inclusionPlan(index, size));
}

/** The RFC 9162 consistency proof between the trees of `from` and `to` entries. */
export async function logConsistencyProof(
  db: Kysely<RegistrySchema>,
  from: number,
  to: number,
): Promise<Uint8Array[]> {
  await checkSize(db, to);
  if (!Number.isSafeInteger(from) || from < 0 || from > to) {
    throw new MlsecError('REGISTRY_TLOG_RANGE', `tree size ${from} is not between 0 and ${to}`);
  }
  return readPlanAsync(treeTable(db), consistencyPlan(from, to));
}
