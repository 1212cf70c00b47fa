import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { BlobStore } from '../blobs/index.ts';
import type { DatabaseEngine } from '../db/database-url.ts';
import { openRegistryDatabase } from '../db/open-database.ts';
import { createTestDatabase, TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { verifyLedger } from '../ledger/index.ts';
import { manifestDigest } from '../service/versions.ts';
import { parseVerifierKey } from '../tlog/index.ts';
import type { RegistryConfig } from './config.ts';
import { initDataDir } from './init.ts';
import { openConfiguredBlobStore } from './open-blobs.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';
import { ByteBudget, postVersion, pushAll, putBlob } from './testing/crash-uploads.ts';
import type { BlobOutcome, UploadTarget, VersionOutcome } from './testing/crash-uploads.ts';
import { startRegistryChild } from './testing/registry-child.ts';
import type { RegistryChild } from './testing/registry-child.ts';
import { seededRandom, uploadPlan } from './testing/upload-plan.ts';
import type { PlannedVersion } from './testing/upload-plan.ts';

// kill -9 during concurrent uploads (issue 6): a registry in a child process takes 8 versions pushed 3
// at a time and is SIGKILLed with blobs mid-stream or a registration in flight. Restarted on the same
// data folder it must show only whole versions and no partial blob, audit clean (log, checkpoints,
// tables, every blob re-hashed), and take the interrupted versions when pushed again.

const ORIGIN = 'registry.test/crash';
const VERSIONS = 8;
/**
 * The kill points, each placed by its seed: `bytes` holds every upload mid-stream once 30 to 90 % of
 * the blob bytes are sent, then kills; `registration` kills the moment the 4th or 5th registration
 * has been sent (the server is inside its transaction, or about to be).
 */
const ROUNDS = [
  { seed: 7, kill: 'bytes' },
  { seed: 1234, kill: 'registration' },
] as const;
type Round = (typeof ROUNDS)[number];
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What one round saw at the kill, for the coverage check after the rounds. */
interface RoundStats {
  /** Registrations answered 201 before the kill. */
  registered: number;
  /** Registrations sent and never answered. */
  inFlight: number;
  /** Versions absent after the restart. */
  absent: number;
  /** Blobs whose every upload stopped before its last byte. */
  midStream: number;
}

async function call(
  target: UploadTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${target.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const versionPath = (t: UploadTarget, version: string): string =>
  `/v1/${t.namespace}/models/${t.model}/versions/${version}`;

/**
 * The audit with nothing running: the log, its checkpoints, the tables against the log, and every
 * blob a logged version uses, re-read from the store and re-hashed.
 */
async function audit(dir: string, config: RegistryConfig): Promise<void> {
  const key = parseVerifierKey(config.verifierKey);
  assert.ok(key.ok);
  const database = await openRegistryDatabase(config.database);
  const blobs = await openConfiguredBlobStore(config, dir, {});
  try {
    const report = await verifyLedger(database.db, {
      verifiers: [key.value],
      origin: ORIGIN,
      blobs: blobs.store,
    });
    assert.deepEqual(report.problems, []);
  } finally {
    blobs.close();
    await database.close();
  }
}

/** Pull every file of a ready version through the API: the planned bytes, size and digest. */
async function assertServed(target: UploadTarget, version: PlannedVersion): Promise<void> {
  for (const file of version.files) {
    const res = await call(
      target,
      'GET',
      `${versionPath(target, version.version)}/files/${file.path}`,
    );
    assert.equal(res.status, 200, `${version.version}:${file.path}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(bytes.length, file.bytes.length);
    assert.equal(sha(bytes), file.sha256);
  }
}

/**
 * After the restart, what the API shows of each planned version: a version whose registration
 * answered 201 is there; one never sent is absent; one cut off in flight is either (its transaction
 * committed or not) — and whatever is there is whole: exactly the planned files, sizes and digests,
 * and, once ready, bytes that hash right. Returns the versions present.
 */
async function checkVersions(
  target: UploadTarget,
  plan: readonly PlannedVersion[],
  outcomes: readonly VersionOutcome[],
): Promise<Set<string>> {
  const present = new Set<string>();
  for (const [i, version] of plan.entries()) {
    const outcome = outcomes[i] as VersionOutcome;
    assert.ok(
      outcome.post === 'not-sent' || outcome.post === 'sent' || outcome.post === 201,
      `${version.version}: registration answered ${outcome.post}`,
    );
    const res = await call(target, 'GET', versionPath(target, version.version));
    if (outcome.post === 201) assert.equal(res.status, 200, `${version.version} was registered`);
    if (outcome.post === 'not-sent')
      assert.equal(res.status, 404, `${version.version} was not sent`);
    if (res.status === 404) continue;
    assert.equal(res.status, 200);
    present.add(version.version);
    const body = (await res.json()) as {
      status: string;
      manifestSha256: string;
      files: { path: string; sha256: string; size: number }[];
    };
    const files = version.files.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      size: f.bytes.length,
    }));
    assert.deepEqual(body.files, files);
    assert.equal(body.manifestSha256, manifestDigest(files));
    assert.ok(
      body.status === 'ready' || body.status === 'pending',
      `${version.version}: ${body.status}`,
    );
    // A pending version is not served, unless the restarted server's checks made it ready meanwhile.
    const file = await call(
      target,
      'GET',
      `${versionPath(target, version.version)}/files/config.json`,
    );
    if (body.status === 'pending' && file.status === 409) {
      const { error } = (await file.json()) as { error: { code: string } };
      assert.equal(error.code, 'REGISTRY_VERSION_NOT_READY');
    } else {
      assert.equal(file.status, 200);
      await file.arrayBuffer();
      await assertServed(target, version);
    }
  }
  return present;
}

/**
 * Blobs whose every upload was cut before its last byte: not stored, and no version can name them
 * (registration answers REGISTRY_BLOB_NOT_FOUND), so no partial blob is ever reachable.
 */
async function checkCutBlobs(
  target: UploadTarget,
  store: BlobStore,
  outcomes: readonly VersionOutcome[],
): Promise<number> {
  const uploads = new Map<string, BlobOutcome[]>();
  for (const blob of outcomes.flatMap((o) => o.blobs))
    uploads.set(blob.sha256, [...(uploads.get(blob.sha256) ?? []), blob]);
  let cut = 0;
  for (const [digest, attempts] of uploads) {
    if (attempts.some((b) => b.sent === b.size)) continue;
    const size = attempts[0]?.size ?? 0;
    if (attempts.some((b) => b.sent > 0)) cut += 1;
    assert.equal(await store.has(digest), false, `partial blob ${digest} is visible`);
    const probe = await call(
      target,
      'POST',
      `/v1/${target.namespace}/models/${target.model}/versions`,
      {
        version: `probe-${digest.slice(0, 12)}`,
        files: [{ path: 'partial.bin', sha256: digest, size }],
      },
    );
    assert.equal(probe.status, 404);
    assert.equal(
      ((await probe.json()) as { error: { code: string } }).error.code,
      'REGISTRY_BLOB_NOT_FOUND',
    );
  }
  return cut;
}

/** Push the versions that are not there, then wait until each is ready and pull it back. */
async function repush(target: UploadTarget, versions: readonly PlannedVersion[]): Promise<void> {
  const unlimited = new ByteBudget(Number.MAX_SAFE_INTEGER);
  for (const version of versions) {
    for (const file of version.files) {
      const outcome: BlobOutcome = {
        sha256: file.sha256,
        size: file.bytes.length,
        sent: 0,
      };
      await putBlob(target, file, unlimited, outcome);
      assert.ok(outcome.status === 200 || outcome.status === 201, `re-upload: ${outcome.status}`);
    }
    assert.equal(await postVersion(target, version), 201, `re-push of ${version.version}`);
  }
  for (const version of versions) {
    let status = 'pending';
    for (let poll = 0; poll < 400 && status === 'pending'; poll++) {
      if (poll > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const res = await call(target, 'GET', versionPath(target, version.version));
      status = ((await res.json()) as { status: string }).status;
    }
    assert.equal(status, 'ready', `re-pushed ${version.version}`);
    await assertServed(target, version);
  }
}

async function crashRound(engine: DatabaseEngine, { seed, kill }: Round): Promise<RoundStats> {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-crash-'));
  const data = join(dir, 'data');
  let database: TestDatabase | undefined;
  let child: RegistryChild | undefined;
  let registry: RunningRegistry | undefined;
  try {
    let postgres = {};
    if (engine === 'postgres') {
      database = await createTestDatabase('postgres', 'crash');
      const schema = database.options.schema ?? assert.fail('a PostgreSQL test has a schema');
      // The test's schema first in search_path (libpq's `options`), pg-boss in one of its own.
      const url = new URL(database.url);
      url.searchParams.set('options', `-c search_path=${schema}`);
      postgres = { database: url.toString(), pgBossSchema: `${schema}_boss` };
    }
    const init = await initDataDir(data, { adminName: 'ada', origin: ORIGIN, ...postgres });
    // The child's temporary files (check jobs copy blobs out) stay in this test's folder.
    child = await startRegistryChild(data, dir);
    const namespace = `crash-${seed}`;
    const first: UploadTarget = {
      url: child.url,
      token: init.adminToken,
      namespace,
      model: 'm',
    };
    assert.equal((await call(first, 'PUT', `/v1/${namespace}`, {})).status, 201);
    const plan = uploadPlan(seed, VERSIONS);
    const total = plan.flatMap((v) => v.files).reduce((n, f) => n + f.bytes.length, 0);
    const share = seededRandom(seed ^ 0x5eed)();
    const budget = new ByteBudget(
      kill === 'bytes' ? Math.floor(total * (0.3 + 0.6 * share)) : Number.MAX_SAFE_INTEGER,
    );
    const pushing = pushAll(
      first,
      plan,
      budget,
      3,
      kill === 'bytes' ? Infinity : 4 + Math.floor(2 * share),
    );
    await Promise.race([
      budget.spent,
      pushing.then((o) =>
        assert.fail(`the uploads ended before the kill point: ${JSON.stringify(o)}`),
      ),
    ]);
    await child.kill();
    budget.release();
    const outcomes = await pushing;

    registry = await startRegistry(data, { port: 0, checkpointEveryMs: 100 });
    const target = { ...first, url: registry.url };
    const present = await checkVersions(target, plan, outcomes);
    const blobs = await openConfiguredBlobStore(init.config, data, {});
    const midStream = await checkCutBlobs(target, blobs.store, outcomes);
    blobs.close();
    await registry.close();
    registry = undefined;
    await audit(data, init.config);

    registry = await startRegistry(data, { port: 0, checkpointEveryMs: 100 });
    await repush(
      { ...first, url: registry.url },
      plan.filter((v) => !present.has(v.version)),
    );
    await registry.close();
    registry = undefined;
    await audit(data, init.config);
    return {
      registered: outcomes.filter((o) => o.post === 201).length,
      inFlight: outcomes.filter((o) => o.post === 'sent').length,
      absent: VERSIONS - present.size,
      midStream,
    };
  } finally {
    await child?.kill();
    await registry?.close();
    if (database !== undefined) {
      const db = await database.open();
      const boss = `${database.options.schema ?? ''}_boss`;
      await sql`drop schema if exists ${sql.id(boss)} cascade`.execute(db.db);
      await db.close();
      await database.dispose();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const engine of TEST_ENGINES) {
  describe(`a registry killed with SIGKILL during concurrent uploads (${engine})`, () => {
    const stats: RoundStats[] = [];
    for (const round of ROUNDS) {
      it(`shows only whole versions after a kill at a ${round.kill} (seed ${round.seed}), audits clean, takes the re-push`, async () => {
        stats.push(await crashRound(engine, round));
      });
    }

    it('killed it with versions registered, a registration in flight, versions missing, blobs mid-stream', () => {
      assert.equal(stats.length, ROUNDS.length);
      const covered = {
        registered: stats.some((s) => s.registered > 0),
        inFlight: stats.some((s) => s.inFlight > 0),
        absent: stats.every((s) => s.absent > 0),
        midStream: stats.some((s) => s.midStream > 0),
      };
      assert.deepEqual(
        covered,
        { registered: true, inFlight: true, absent: true, midStream: true },
        JSON.stringify(stats),
      );
    });
  });
}
