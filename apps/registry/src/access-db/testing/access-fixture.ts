import assert from 'node:assert/strict';
import { isMlsecError } from '@mlsec/core';
import { migrateToLatest } from '../../db/migrate.ts';
import type { RegistryDatabase } from '../../db/open-database.ts';
import type { DatabaseEngine } from '../../db/database-url.ts';
import type { RegistrySchema } from '../../db/schema.ts';
import { createTestDatabase } from '../../db/testing/test-databases.ts';
import type { TestDatabase } from '../../db/testing/test-databases.ts';
import { verifyLedger } from '../../ledger/verify-ledger.ts';
import type { LedgerReport } from '../../ledger/verify-ledger.ts';
import { authenticateBearer } from '../authenticate-bearer.ts';
import type { BearerOptions, BearerRefusal } from '../authenticate-bearer.ts';

/** Every table of the schema, to search all of them for a leaked secret. */
export const ALL_TABLES: readonly (keyof RegistrySchema)[] = [
  'namespaces',
  'principals',
  'api_tokens',
  'grants',
  'models',
  'model_versions',
  'version_files',
  'blobs',
  'aliases',
  'alias_events',
  'approvals',
  'log_head',
  'log_entries',
  'tree_nodes',
  'checkpoints',
  'jobs',
  'namespace_blobs',
  'pull_volume',
  'pull_alerts',
];

/** A fresh database of `engine` (own file or schema), opened; migrated unless `migrate` is false. */
export async function freshDatabase(
  engine: DatabaseEngine,
  label: string,
  migrate = true,
): Promise<{ readonly test: TestDatabase; readonly database: RegistryDatabase }> {
  const test = await createTestDatabase(engine, label);
  const database = await test.open();
  if (migrate) await migrateToLatest(database);
  return { test, database };
}

/** Every row of every table as text (bytes as hex and base64url), for secret searches. */
export async function dumpTables(database: RegistryDatabase): Promise<string> {
  const parts: string[] = [];
  for (const table of ALL_TABLES) {
    const rows = await database.db.selectFrom(table).selectAll().execute();
    parts.push(
      JSON.stringify(rows, (_key, value: unknown) =>
        value instanceof Uint8Array
          ? `${Buffer.from(value).toString('hex')} ${Buffer.from(value).toString('base64url')}`
          : value,
      ),
    );
  }
  return parts.join('\n');
}

/** The log kinds in order. */
export async function logKinds(database: RegistryDatabase): Promise<string[]> {
  const rows = await database.db
    .selectFrom('log_entries')
    .select('kind')
    .orderBy('log_index')
    .execute();
  return rows.map((r) => r.kind);
}

/** verifyLedger with no checkpoint keys (these tests publish none). */
export function ledgerReport(database: RegistryDatabase): Promise<LedgerReport> {
  return verifyLedger(database.db, { verifiers: [], origin: 'registry.test/log' });
}

/** Authenticate `header`, expecting REGISTRY_AUTH_INVALID with the generic message; returns the reason. */
export async function refusalOf(
  database: RegistryDatabase,
  header: string,
  options: Omit<BearerOptions, 'onRefusal'> = {},
): Promise<BearerRefusal | undefined> {
  let reason: BearerRefusal | undefined;
  await assert.rejects(
    authenticateBearer(database, header, { ...options, onRefusal: (r) => (reason = r) }),
    (error: unknown) =>
      isMlsecError(error) &&
      error.code === 'REGISTRY_AUTH_INVALID' &&
      error.message === 'the credentials are not valid',
  );
  return reason;
}

/** Assert that `promise` rejects with MlsecError `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isMlsecError(error), String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}
