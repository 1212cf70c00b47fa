import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { migrateToLatest } from '../db/migrate.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { createTestDatabase, TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { keyOf } from '../events/replay.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { verifyLedger } from '../ledger/verify-ledger.ts';
import { addNamespace, addPrincipals } from './testing/seed-service.ts';
import { aliasHistory, approve, GateRefusedError, promote, rollback } from './aliases.ts';
import type { Actor } from './refs.ts';
import { recordBlob, recordChecks, registerVersion } from './versions.ts';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const POLICY = `version: 1
default: {}
aliases:
  production:
    scan: { max_severity: low }
    approvals: { count: 1 }
`;
const CLEAN = { scan: { findings: [{ ruleId: 'hf/missing-model-card', severity: 'low' }] } };
let clock = Date.parse('2026-11-20T00:00:00.000Z');
const now = (): Date => new Date((clock += 1000));

async function rejects(
  promise: Promise<unknown>,
  code: string,
  pattern?: RegExp,
): Promise<MlsecError> {
  let caught: MlsecError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof MlsecError, String(error));
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    caught = error;
    return true;
  });
  return caught!;
}

for (const engine of TEST_ENGINES) {
  describe(`versions and aliases on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    const actors: Record<string, Actor> = {};
    const approvers = new Set(['alice']);
    const isApprover = (name: string) => Promise.resolve(approvers.has(name));
    const files = (v: string) => [
      { path: 'model.safetensors', sha256: sha(`weights ${v}`), size: 1000 + v.length },
      { path: 'config.json', sha256: sha('config'), size: 42 },
    ];
    const ref = (version: string) => ({ namespace: 'team', model: 'bert', version });
    const move = { namespace: 'team', model: 'bert', alias: 'production' };

    before(async () => {
      target = await createTestDatabase(engine, 'service');
      database = await target.open();
      await migrateToLatest(database);
      const ids = await addPrincipals(database, ['ci', 'alice', 'rel'], now().toISOString());
      for (const [name, id] of ids) actors[name] = { id, name };
      await addNamespace(database, 'team', { policy: POLICY, at: now().toISOString() });
      for (const v of ['1', '2', '3'])
        for (const f of files(v))
          await recordBlob(database, 'team', { sha256: f.sha256, size: f.size, encrypted: false });
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('registers immutable versions only from uploaded blobs', async () => {
      const { manifestSha256 } = await registerVersion(
        database,
        actors['ci']!,
        { ...ref('1'), files: files('1'), metrics: { accuracy: 0.93 } },
        now(),
      );
      assert.match(manifestSha256, /^[0-9a-f]{64}$/);
      await rejects(
        registerVersion(database, actors['ci']!, { ...ref('1'), files: files('2') }, now()),
        'REGISTRY_VERSION_EXISTS',
      );
      await rejects(
        registerVersion(
          database,
          actors['ci']!,
          { ...ref('9'), files: [{ path: 'x.bin', sha256: sha('never uploaded'), size: 1 }] },
          now(),
        ),
        'REGISTRY_BLOB_NOT_FOUND',
      );
      for (const path of ['../etc/passwd', '/abs', 'a//b', 'a\\b', 'ok/./x']) {
        await rejects(
          registerVersion(
            database,
            actors['ci']!,
            { ...ref('9'), files: [{ path, sha256: sha('config'), size: 42 }] },
            now(),
          ),
          'REGISTRY_REQUEST_INVALID',
        );
      }
      await rejects(
        registerVersion(database, actors['ci']!, { ...ref('../x'), files: files('1') }, now()),
        'REGISTRY_REQUEST_INVALID',
      );
      // A blob uploaded to another namespace cannot be claimed by knowing its digest.
      await writeTransaction(database, async (trx) => {
        const at = now().toISOString();
        await trx
          .insertInto('namespaces')
          .values({ name: 'other', public: 0, gate_policy: null, created_at: at })
          .execute();
        await appendEvent(trx, {
          kind: 'namespace_created',
          namespace: 'other',
          public: false,
          by: 'admin',
          at,
        });
      });
      await rejects(
        registerVersion(
          database,
          actors['ci']!,
          { namespace: 'other', model: 'stolen', version: '1', files: files('1') },
          now(),
        ),
        'REGISTRY_BLOB_NOT_FOUND',
      );
    });

    it('promotes only ready versions, through the gates, naming what failed', async () => {
      await rejects(
        promote(
          database,
          actors['rel']!,
          { ...move, version: '1', reason: 'ship' },
          isApprover,
          now(),
        ),
        'REGISTRY_VERSION_NOT_READY',
      );
      await recordChecks(
        database,
        ref('1'),
        { ready: true, detail: 'scan clean', summary: CLEAN },
        now(),
      );
      const refused = await rejects(
        promote(
          database,
          actors['rel']!,
          { ...move, version: '1', reason: 'ship' },
          isApprover,
          now(),
        ),
        'REGISTRY_GATE_REFUSED',
        /approvals: 1 approval needed, 0 given/,
      );
      assert.ok(refused instanceof GateRefusedError);
      assert.deepEqual(
        refused.decision.results.map((r) => [r.gate, r.passed]),
        [
          ['scan', true],
          ['approvals', false],
        ],
      );
      // The uploader's approval does not count; an approver's does.
      await approve(database, actors['ci']!, { ...ref('1'), alias: 'production' }, now());
      await rejects(
        promote(
          database,
          actors['rel']!,
          { ...move, version: '1', reason: 'ship' },
          isApprover,
          now(),
        ),
        'REGISTRY_GATE_REFUSED',
      );
      await approve(database, actors['alice']!, { ...ref('1'), alias: 'production' }, now());
      await rejects(
        approve(database, actors['alice']!, { ...ref('1'), alias: 'production' }, now()),
        'REGISTRY_VERSION_CONFLICT',
      );
      const promoted = await promote(
        database,
        actors['rel']!,
        { ...move, version: '1', reason: 'ship 1' },
        isApprover,
        now(),
      );
      assert.equal(promoted.from, null);
      assert.equal(promoted.decision?.allowed, true);
      // Aliases without gates of their own use the default (none here).
      await promote(
        database,
        actors['rel']!,
        { ...move, alias: 'canary', version: '1', reason: 'try' },
        isApprover,
        now(),
      );
      await rejects(
        promote(
          database,
          actors['rel']!,
          { ...move, alias: 'latest', version: '1', reason: 'x' },
          isApprover,
          now(),
        ),
        'REGISTRY_REQUEST_INVALID',
      );
    });

    it('refuses a version whose checks failed, and rolls back in one recorded move', async () => {
      await registerVersion(database, actors['ci']!, { ...ref('2'), files: files('2') }, now());
      await recordChecks(
        database,
        ref('2'),
        { ready: true, detail: 'scan clean', summary: CLEAN },
        now(),
      );
      await approve(database, actors['alice']!, { ...ref('2'), alias: 'production' }, now());
      await promote(
        database,
        actors['rel']!,
        { ...move, version: '2', reason: 'ship 2' },
        isApprover,
        now(),
      );
      await registerVersion(database, actors['ci']!, { ...ref('3'), files: files('3') }, now());
      await recordChecks(
        database,
        ref('3'),
        { ready: false, detail: 'pickle/dangerous-callable', summary: {} },
        now(),
      );
      await rejects(
        promote(
          database,
          actors['rel']!,
          { ...move, version: '3', reason: 'x' },
          isApprover,
          now(),
        ),
        'REGISTRY_VERSION_NOT_READY',
      );
      const back = await rollback(
        database,
        actors['rel']!,
        { ...move, reason: 'incident 42' },
        now(),
      );
      assert.deepEqual(back, { from: '2', to: '1' });
      const history = await aliasHistory(database.db, 'team', 'bert', 'production');
      assert.deepEqual(
        history.map((h) => [h.from, h.to, h.by, h.reason]),
        [
          [null, '1', 'rel', 'ship 1'],
          ['1', '2', 'rel', 'ship 2'],
          ['2', '1', 'rel', 'incident 42'],
        ],
      );
      await rejects(
        rollback(database, actors['rel']!, { ...move, alias: 'nope', reason: 'x' }, now()),
        'REGISTRY_NOT_FOUND',
      );
    });

    it('leaves a log that verifies and implies the same aliases as the tables', async () => {
      const report = await verifyLedger(database.db, { verifiers: [], origin: 'unused' });
      assert.deepEqual(report.problems, []);
      assert.equal(report.state.aliases.get(keyOf('team', 'bert', 'production'))?.target, '1');
      assert.equal(report.state.versions.get(keyOf('team', 'bert', '3'))?.status, 'failed');
      assert.deepEqual(report.state.approvals.get(keyOf('team', 'bert', '1', 'production')), [
        'ci',
        'alice',
      ]);
    });

    it('names every table row edited behind the log: an alias, a digest, a status, a grant', async () => {
      const v2 = await database.db
        .selectFrom('model_versions')
        .select('id')
        .where('version', '=', '2')
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable('aliases')
        .set({ version_id: v2.id })
        .where('name', '=', 'production')
        .execute();
      await database.db
        .updateTable('model_versions')
        .set({ manifest_digest: sha('swapped weights') })
        .where('version', '=', '1')
        .execute();
      await database.db
        .updateTable('model_versions')
        .set({ status: 'ready' })
        .where('version', '=', '3')
        .execute();
      await database.db
        .insertInto('grants')
        .values({
          namespace: 'team',
          principal_id: actors['ci']!.id,
          role: 'admin',
          created_at: now().toISOString(),
        })
        .execute();
      const report = await verifyLedger(database.db, { verifiers: [], origin: 'unused' });
      assert.deepEqual(
        report.problems.map((p) => p.where).sort(),
        [
          'aliases(team/bert#production)',
          'grants(team, ci)',
          'model_versions(team/bert@1)',
          'model_versions(team/bert@3)',
        ],
        JSON.stringify(report.problems),
      );
    });
  });
}
