import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseEngine } from '../database-url.ts';
import {
  openRegistryDatabase,
  type OpenDatabaseOptions,
  type RegistryDatabase,
} from '../open-database.ts';

/** The PostgreSQL the suites use: the machine's server on loopback (see .ci/run). */
export const TEST_POSTGRES_URL =
  process.env['MLSEC_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * One isolated database for one test file: a SQLite file in a fresh temporary folder, or a fresh
 * PostgreSQL schema (first in search_path) that dispose() drops with everything in it.
 */
export interface TestDatabase {
  readonly engine: DatabaseEngine;
  readonly url: string;
  /** Options that point a connection at this database (the schema on PostgreSQL). */
  readonly options: OpenDatabaseOptions;
  /** Open one more connection (SQLite) or pool (PostgreSQL) to it. */
  open(): Promise<RegistryDatabase>;
  /** Remove the folder or drop the schema. */
  dispose(): Promise<void>;
}

/** Both engines, for `for (const make of TEST_ENGINES)` loops that run one suite on each. */
export const TEST_ENGINES: readonly DatabaseEngine[] = ['sqlite', 'postgres'];

/** Create an isolated database of `engine`; `label` names the PostgreSQL schema for debugging. */
export async function createTestDatabase(
  engine: DatabaseEngine,
  label: string,
): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-db-'));
    const url = `sqlite:${join(dir, 'registry.db')}`;
    return {
      engine,
      url,
      options: {},
      open: () => openRegistryDatabase(url),
      dispose: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const schema = `t_${label.replace(/[^a-z0-9]/g, '_').slice(0, 30)}_${randomBytes(6).toString('hex')}`;
  await admin(`create schema ${schema}`);
  return {
    engine,
    url: TEST_POSTGRES_URL,
    options: { schema },
    open: () => openRegistryDatabase(TEST_POSTGRES_URL, { schema, poolSize: 4 }),
    dispose: () => admin(`drop schema ${schema} cascade`),
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
