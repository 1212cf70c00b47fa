import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openRegistryDatabase } from '../db/open-database.ts';
import { verifyLedger } from '../ledger/index.ts';
import { parseVerifierKey } from '../tlog/index.ts';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';

const WEIGHTS = readFileSync(
  new URL('../../../../fixtures/samples/benign/safetensors/tiny.safetensors', import.meta.url),
);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('the pull-volume alert of a running registry', () => {
  let dir: string;
  let admin: string;
  let registries: RunningRegistry[] = [];

  const call = (registry: RunningRegistry, method: string, path: string, body?: unknown) =>
    fetch(`${registry.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body instanceof Uint8Array
          ? { 'content-type': 'application/octet-stream' }
          : body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
      },
      ...(body === undefined
        ? {}
        : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-pulls-'));
    admin = (await initDataDir(join(dir, 'data'), { adminName: 'ada' })).adminToken;
    // Two servers on one data folder, as two replicas behind a load balancer: an alert past 2.5
    // pulls of the file per hour, whoever serves them.
    const pullVolume = { minBaselineBytes: WEIGHTS.length / 4, multiplier: 10, ceilingBytes: 1e12 };
    for (let i = 0; i < 2; i++)
      registries.push(await startRegistry(join(dir, 'data'), { port: 0, pullVolume }));
    const [a] = registries as [RunningRegistry];
    assert.equal((await call(a, 'PUT', '/v1/team', {})).status, 201);
    assert.equal((await call(a, 'PUT', `/v1/team/blobs/${sha(WEIGHTS)}`, WEIGHTS)).status, 201);
    const files = [{ path: 'model.safetensors', sha256: sha(WEIGHTS), size: WEIGHTS.length }];
    assert.equal(
      (await call(a, 'POST', '/v1/team/models/m/versions', { version: '1', files })).status,
      201,
    );
    for (let i = 0; i < 100; i++) {
      const v = (await (await call(a, 'GET', '/v1/team/models/m/versions/1')).json()) as {
        status: string;
      };
      if (v.status === 'ready') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('the version never became ready');
  });
  after(async () => {
    for (const r of registries) await r.close();
    registries = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts pulls across replicas, logs one alert per window, and the log still verifies', async () => {
    for (let i = 0; i < 6; i++) {
      const registry = registries[i % 2] as RunningRegistry;
      const res = await call(
        registry,
        'GET',
        '/v1/team/models/m/versions/1/files/model.safetensors',
      );
      assert.equal(res.status, 200);
      assert.equal(sha(new Uint8Array(await res.arrayBuffer())), sha(WEIGHTS));
    }
    const registry = registries[0] as RunningRegistry;
    const database = await openRegistryDatabase(registry.config.database);
    try {
      const kinds = (
        await database.db.selectFrom('log_entries').select('body').orderBy('log_index').execute()
      ).map((r) => (JSON.parse(r.body) as { kind: string }).kind);
      // Pulls 1 and 2 stay under 2.5 × the file; the third crosses it; the rest of the hour is quiet.
      assert.deepEqual(
        kinds.filter((k) => k === 'model_pulled' || k === 'pull_volume_alert'),
        [
          'model_pulled',
          'model_pulled',
          'model_pulled',
          'pull_volume_alert',
          'model_pulled',
          'model_pulled',
          'model_pulled',
        ],
      );
      const key = parseVerifierKey(registry.config.verifierKey);
      assert.ok(key.ok);
      const report = await verifyLedger(database.db, {
        verifiers: [key.value],
        origin: registry.config.origin,
      });
      assert.deepEqual(report.problems, []);
    } finally {
      await database.close();
    }
  });
});
