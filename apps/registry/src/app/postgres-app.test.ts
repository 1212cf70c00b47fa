import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sha256 } from '../blobs/testing/blob-data.ts';
import { openRegistryDatabase } from '../db/open-database.ts';
import { createTestDatabase } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { verifyLedger } from '../ledger/index.ts';
import { parseVerifierKey } from '../tlog/index.ts';
import { VERSION_CHECK_JOB } from './checks.ts';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';
import { RegistryHttp } from './testing/registry-http.ts';

const WEIGHTS = readFileSync(
  new URL('../../../../fixtures/samples/benign/safetensors/tiny.safetensors', import.meta.url),
);
const CONFIG = Buffer.from('{"architectures":["Bert"]}\n');

describe('a registry started from its data folder (PostgreSQL, pg-boss jobs)', () => {
  let test: TestDatabase;
  let bossSchema: string;
  let dir: string;
  let registry: RunningRegistry | undefined;
  let config: RunningRegistry['config'];
  let http: RegistryHttp;
  let ci: string;

  before(async () => {
    test = await createTestDatabase('postgres', 'app');
    const schema = test.options.schema ?? assert.fail('a PostgreSQL test database has a schema');
    bossSchema = `${schema}_boss`;
    // libpq's `options` parameter puts the test's schema first in search_path for every connection.
    const url = new URL(test.url);
    url.searchParams.set('options', `-c search_path=${schema}`);
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-pg-'));
    const init = await initDataDir(join(dir, 'data'), {
      adminName: 'ada',
      origin: 'registry.test/pg',
      database: url.toString(),
      pgBossSchema: bossSchema,
    });
    registry = await startRegistry(join(dir, 'data'), { port: 0, checkpointEveryMs: 100 });
    config = registry.config;
    http = new RegistryHttp(registry.url);
    ci = await http.publisher(init.adminToken);
  });
  after(async () => {
    await registry?.close();
    const database = await test?.open();
    await sql`drop schema if exists ${sql.id(bossSchema)} cascade`.execute(database.db);
    await database.close();
    await test?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its tables in the schema the database URL names', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables
      where table_schema = ${test.options.schema} and table_name = 'model_versions'`.execute(
      registry!.database.db,
    );
    assert.equal(rows[0]?.n, 1);
  });

  it('takes a push from pending to ready through a pg-boss worker, then serves it', async () => {
    const files = { 'model.safetensors': WEIGHTS, 'config.json': CONFIG };
    assert.equal((await http.push(ci, 'bert@1', files)).status, 'pending');
    await http.waitFor(ci, 'bert@1', 'ready');
    const jobs = await sql<{ state: string }>`
      select state from ${sql.id(bossSchema, 'job')} where name = ${VERSION_CHECK_JOB}`.execute(
      registry!.database.db,
    );
    assert.deepEqual(
      jobs.rows.map((r) => r.state),
      ['completed'],
      'one version-check job, completed by pg-boss',
    );
    for (const [path, bytes] of Object.entries(files)) {
      const res = await http.pull(ci, 'bert@1', path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-content-sha256'), sha256(bytes));
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    }
  });

  it('audits clean: the log recomputes, checkpoints verify, the tables match it', async () => {
    await registry?.close(); // signs a last checkpoint covering the pulls
    registry = undefined;
    const database = await openRegistryDatabase(config.database);
    try {
      const kinds = await database.db
        .selectFrom('log_entries')
        .select('kind')
        .orderBy('log_index')
        .execute();
      const versionKinds = kinds.map((r) => r.kind).filter((k) => k.startsWith('version_'));
      assert.deepEqual(versionKinds, ['version_registered', 'version_ready']);
      const key = parseVerifierKey(config.verifierKey);
      assert.ok(key.ok);
      const report = await verifyLedger(database.db, {
        verifiers: [key.value],
        origin: 'registry.test/pg',
      });
      assert.deepEqual(report.problems, []);
      assert.ok(report.checkpoints >= 2);
    } finally {
      await database.close();
    }
  });
});
