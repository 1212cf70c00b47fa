import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openRegistryDatabase } from '../db/open-database.ts';
import { verifyLedger } from '../ledger/index.ts';
import { parseVerifierKey } from '../tlog/index.ts';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';

// Real artifacts from the scanner's samples: benign SafeTensors weights and a pickle calling os.system.
const SAMPLES = new URL('../../../../fixtures/samples/', import.meta.url);
const WEIGHTS = readFileSync(new URL('benign/safetensors/tiny.safetensors', SAMPLES));
const EVIL = readFileSync(new URL('malicious/pickle/inst-os-system.pkl', SAMPLES));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const POLICY =
  'version: 1\ndefault: {}\naliases:\n  production:\n    scan: { max_severity: medium }\n    approvals: { count: 1 }\n';

describe('a registry started from its data folder (SQLite)', () => {
  let dir: string;
  let registry: RunningRegistry;
  let admin: string;
  const tokens: Record<string, string> = {};

  async function call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    type?: string,
  ) {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    let payload: string | Uint8Array | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      payload = body;
    } else if (typeof body === 'string') {
      headers['content-type'] = type ?? 'text/yaml';
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(`${registry.url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
  }

  async function waitFor(version: string, status: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const res = await call(tokens['ci'], 'GET', `/v1/team/models/bert/versions/${version}`);
      const body = (await res.json()) as { status: string };
      if (body.status === status) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`version ${version} never became ${status}`);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-app-'));
    const init = await initDataDir(join(dir, 'data'), {
      adminName: 'ada',
      origin: 'registry.test/log',
    });
    admin = init.adminToken;
    assert.match(admin, /^mlsr_/);
    registry = await startRegistry(join(dir, 'data'), { port: 0, checkpointEveryMs: 200 });
  });
  after(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the data folder, the log key and the database owner-only', () => {
    const mode = (path: string) => statSync(join(dir, 'data', path)).mode & 0o777;
    assert.equal(mode(''), 0o700);
    assert.equal(mode('log.key'), 0o600);
    assert.equal(mode('registry.db'), 0o600);
  });

  it('refuses a second init of the same folder, and anonymous or bad tokens', async () => {
    await assert.rejects(
      initDataDir(join(dir, 'data'), { adminName: 'eve' }),
      /already holds a registry/,
    );
    assert.equal((await call(undefined, 'PUT', '/v1/team', {})).status, 401);
    assert.equal((await call('mlsr_nope', 'PUT', '/v1/team', {})).status, 401);
  });

  it('walks push → checks → gated promote → approve → promote → pull → rollback', async () => {
    assert.equal((await call(admin, 'PUT', '/v1/team', {})).status, 201);
    assert.equal((await call(admin, 'PUT', '/v1/team/policy', POLICY)).status, 200);
    for (const [principal, role] of [
      ['ci', 'publisher'],
      ['alice', 'approver'],
    ]) {
      assert.equal((await call(admin, 'POST', '/v1/team/grants', { principal, role })).status, 200);
      const res = await call(admin, 'POST', '/v1/team/tokens', {
        principal,
        roles: [role],
        days: 1,
      });
      assert.equal(res.status, 201);
      tokens[principal!] = ((await res.json()) as { token: string }).token;
    }
    for (const bytes of [WEIGHTS, EVIL]) {
      assert.equal(
        (await call(tokens['ci'], 'PUT', `/v1/team/blobs/${sha(bytes)}`, bytes)).status,
        201,
      );
    }
    const push = (version: string, bytes: Buffer, path: string) =>
      call(tokens['ci'], 'POST', '/v1/team/models/bert/versions', {
        version,
        files: [{ path, sha256: sha(bytes), size: bytes.length }],
      });
    assert.equal((await push('1', WEIGHTS, 'model.safetensors')).status, 201);
    assert.equal((await push('2', WEIGHTS, 'weights/model.safetensors')).status, 201);
    assert.equal((await push('3', EVIL, 'model.pkl')).status, 201);
    await waitFor('1', 'ready');
    await waitFor('2', 'ready');
    await waitFor('3', 'failed');
    const promote = (version: string) =>
      call(tokens['ci'], 'POST', '/v1/team/models/bert/aliases/production', {
        version,
        reason: `ship ${version}`,
      });
    const refused = await promote('1');
    assert.equal(refused.status, 422);
    assert.match(
      ((await refused.json()) as { error: { message: string } }).error.message,
      /approvals/,
    );
    for (const version of ['1', '2']) {
      const approved = await call(
        tokens['alice'],
        'POST',
        `/v1/team/models/bert/versions/${version}/approvals`,
        { alias: 'production' },
      );
      assert.equal(approved.status, 201);
    }
    assert.equal((await promote('1')).status, 200);
    assert.equal((await promote('2')).status, 200);
    assert.equal((await promote('3')).status, 409, 'a failed version is never promoted');
    const pulled = await call(
      tokens['ci'],
      'GET',
      '/v1/team/models/bert/versions/2/files/weights/model.safetensors',
    );
    assert.equal(pulled.status, 200);
    assert.equal(sha(new Uint8Array(await pulled.arrayBuffer())), sha(WEIGHTS));
    const evil = await call(tokens['ci'], 'GET', '/v1/team/models/bert/versions/3/files/model.pkl');
    assert.equal(evil.status, 409, 'a failed version is never served');
    const back = await call(
      tokens['ci'],
      'POST',
      '/v1/team/models/bert/aliases/production/rollback',
      { reason: 'incident' },
    );
    assert.deepEqual(await back.json(), { alias: 'production', from: '2', to: '1' });
  });

  it('audits clean: the log recomputes, checkpoints verify, the state matches', async () => {
    await new Promise((r) => setTimeout(r, 400)); // a checkpoint covering the walk
    const database = await openRegistryDatabase(registry.config.database);
    try {
      const key = parseVerifierKey(registry.config.verifierKey);
      assert.ok(key.ok);
      const report = await verifyLedger(database.db, {
        verifiers: [key.value],
        origin: 'registry.test/log',
      });
      assert.deepEqual(report.problems, []);
      assert.ok(report.checkpoints >= 2);
    } finally {
      await database.close();
    }
  });
});
