import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MlsecError } from '@mlsec/core';
import type { Principal } from '../../access/principal.ts';
import { ANONYMOUS } from '../../access/principal.ts';
import { DirectoryBlobStore } from '../../blobs/index.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { RegistryDatabase } from '../../db/open-database.ts';
import { createTestDatabase, TEST_ENGINES } from '../../db/testing/test-databases.ts';
import type { TestDatabase } from '../../db/testing/test-databases.ts';
import { verifyLedger } from '../../ledger/verify-ledger.ts';
import { recordChecks } from '../../service/index.ts';
import { addNamespace, addPrincipals } from '../../service/testing/seed-service.ts';
import { buildServer } from '../server.ts';
import { publishCheckpoint } from '../../ledger/index.ts';
import {
  generateNoteKey,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyInclusion,
} from '../../tlog/index.ts';
import { registerLogRoutes } from './log.ts';
import { registerModelRoutes } from './models.ts';

const POLICY = 'version: 1\ndefault: {}\naliases:\n  production:\n    approvals: { count: 1 }\n';
// Callers and their roles in `team`: one per role, so each route is tried by each.
const ROLES = { reader: 'rita', publisher: 'pat', approver: 'alice', admin: 'ada' } as const;
const principal = (name: string, role: string): Principal => ({
  kind: 'user',
  name,
  via: 'token',
  grants: [{ namespace: 'team', role: role as 'reader' }],
});
const TOKENS: Readonly<Record<string, Principal>> = Object.fromEntries(
  Object.entries(ROLES).map(([role, name]) => [`token-${name}`, principal(name, role)]),
);
const auth = (name: string) => ({ authorization: `Bearer token-${name}` });
const WEIGHTS = Buffer.from('fake safetensors bytes, harmless '.repeat(1000));
const CONFIG = Buffer.from('{"architectures":["Bert"]}');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const LOG_KEY = generateNoteKey('registry.test/log');

for (const engine of TEST_ENGINES) {
  describe(`model routes on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    let app: FastifyInstance;
    let blobRoot: string;
    const pulled: [string, number][] = [];

    before(async () => {
      target = await createTestDatabase(engine, 'routes');
      database = await target.open();
      await migrateToLatest(database);
      const ids = await addPrincipals(database, Object.values(ROLES));
      await addNamespace(database, 'team', { policy: POLICY, by: 'ada' });
      blobRoot = mkdtempSync(join(tmpdir(), 'mlsec-routes-blobs-'));
      app = await buildServer({
        authenticate: (header) => {
          if (header === undefined) return Promise.resolve(ANONYMOUS);
          const found = TOKENS[header.replace(/^Bearer /, '')];
          return found
            ? Promise.resolve(found)
            : Promise.reject(new MlsecError('REGISTRY_AUTH_INVALID', 'no'));
        },
        namespaceAccess: () => Promise.resolve({ public: false }),
      });
      registerModelRoutes(app, {
        database,
        blobs: await DirectoryBlobStore.open(blobRoot),
        maxBlobBytes: 1024 * 1024,
        actorOf: (p) => Promise.resolve({ id: ids.get(p.name) ?? 0, name: p.name }),
        isApprover: (name) => Promise.resolve(name === ROLES.approver || name === ROLES.admin),
        enqueueChecks: () => Promise.resolve(),
        onPull: (_trx, who, bytes) => {
          pulled.push([who, bytes]);
          return Promise.resolve(undefined);
        },
        // The upload checks pass at once here (the job queue runs them in the server).
        afterRegister: (ref) =>
          recordChecks(database, ref, { ready: true, detail: 'checked', summary: {} }),
      });
      registerLogRoutes(app, database, LOG_KEY.verifierKey);
      await app.ready();
    });
    after(async () => {
      await app.close();
      await database.close();
      await target.dispose();
      rmSync(blobRoot, { recursive: true, force: true });
    });

    const upload = (who: string, bytes: Buffer, digest = sha(bytes)) =>
      app.inject({
        method: 'PUT',
        url: `/v1/team/blobs/${digest}`,
        headers: { ...auth(who), 'content-type': 'application/octet-stream' },
        payload: bytes,
      });
    const push = (who: string, version: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/team/models/bert/versions',
        headers: auth(who),
        payload: {
          version,
          files: [
            { path: 'model.safetensors', sha256: sha(WEIGHTS), size: WEIGHTS.length },
            { path: 'config.json', sha256: sha(CONFIG), size: CONFIG.length },
          ],
          metrics: { accuracy: 0.95 },
        },
      });
    const promoteAs = (who: string, version: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/team/models/bert/aliases/production',
        headers: auth(who),
        payload: { version, reason: `ship ${version}` },
      });

    it('streams blobs in by digest and refuses bytes that do not match it', async () => {
      assert.equal((await upload(ROLES.publisher, WEIGHTS)).statusCode, 201);
      assert.equal((await upload(ROLES.publisher, WEIGHTS)).statusCode, 200);
      assert.equal((await upload(ROLES.publisher, CONFIG)).statusCode, 201);
      const wrong = await upload(ROLES.publisher, CONFIG, sha(WEIGHTS).replace(/^./, '0'));
      assert.equal(wrong.statusCode, 400, wrong.body);
      assert.equal(
        wrong.json<{ error: { code: string } }>().error.code,
        'REGISTRY_BLOB_DIGEST_MISMATCH',
      );
      assert.equal((await upload(ROLES.reader, CONFIG)).statusCode, 403);
    });

    it('pushes, gates, approves, promotes, pulls with digests, rolls back and tells the history', async () => {
      assert.equal((await push(ROLES.publisher, '1')).statusCode, 201);
      assert.equal((await push(ROLES.publisher, '1')).statusCode, 409, 'versions are immutable');
      assert.equal((await push(ROLES.publisher, '2')).statusCode, 201);
      const refused = await promoteAs(ROLES.publisher, '1');
      assert.equal(refused.statusCode, 422);
      const body = refused.json<{
        error: { code: string };
        gates: { gate: string; passed: boolean }[];
      }>();
      assert.equal(body.error.code, 'REGISTRY_GATE_REFUSED');
      assert.deepEqual(
        body.gates.map((g) => [g.gate, g.passed]),
        [['approvals', false]],
      );
      for (const v of ['1', '2']) {
        const approved = await app.inject({
          method: 'POST',
          url: `/v1/team/models/bert/versions/${v}/approvals`,
          headers: auth(ROLES.approver),
          payload: { alias: 'production' },
        });
        assert.equal(approved.statusCode, 201, approved.body);
      }
      assert.equal((await promoteAs(ROLES.publisher, '1')).statusCode, 200);
      assert.equal((await promoteAs(ROLES.publisher, '2')).statusCode, 200);
      const manifest = await app.inject({
        url: '/v1/team/models/bert/versions/2',
        headers: auth(ROLES.reader),
      });
      assert.equal(manifest.json<{ status: string }>().status, 'ready');
      const file = await app.inject({
        url: '/v1/team/models/bert/versions/2/files/model.safetensors',
        headers: auth(ROLES.reader),
      });
      assert.equal(file.statusCode, 200);
      assert.equal(sha(file.rawPayload), sha(WEIGHTS));
      assert.equal(file.headers['x-content-sha256'], sha(WEIGHTS));
      const head = await app.inject({
        method: 'HEAD',
        url: '/v1/team/models/bert/versions/2/files/model.safetensors',
        headers: auth(ROLES.reader),
      });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['x-content-sha256'], sha(WEIGHTS));
      assert.equal(head.rawPayload.length, 0);
      assert.deepEqual(
        pulled,
        [[ROLES.reader, WEIGHTS.length]],
        'the exfiltration signal sees the pull',
      );
      const back = await app.inject({
        method: 'POST',
        url: '/v1/team/models/bert/aliases/production/rollback',
        headers: auth(ROLES.publisher),
        payload: { reason: 'incident' },
      });
      assert.deepEqual(back.json(), { alias: 'production', from: '2', to: '1' });
      const history = await app.inject({
        url: '/v1/team/models/bert/aliases/production/history',
        headers: auth(ROLES.reader),
      });
      const moves = history.json<{
        target: string;
        moves: { from: string | null; to: string }[];
      }>();
      assert.equal(moves.target, '1');
      assert.deepEqual(
        moves.moves.map((m) => [m.from, m.to]),
        [
          [null, '1'],
          ['1', '2'],
          ['2', '1'],
        ],
      );
      const report = await verifyLedger(database.db, { verifiers: [], origin: 'unused' });
      assert.deepEqual(report.problems, []);
      // The download is in the log, with its bytes.
      const pulls = await database.db
        .selectFrom('log_entries')
        .select('body')
        .where('kind', '=', 'model_pulled')
        .execute();
      assert.equal(pulls.length, 1, 'a HEAD is not a download');
      assert.match(
        pulls[0]?.body ?? '',
        new RegExp(`"by":"${ROLES.reader}","bytes":${WEIGHTS.length},"kind":"model_pulled"`),
      );
    });

    it('serves its signed checkpoint and inclusion proofs to anyone', async () => {
      assert.equal((await app.inject({ url: '/v1/log/checkpoint' })).statusCode, 404);
      await publishCheckpoint(database.db, LOG_KEY.signer, 'registry.test/log');
      const note = await app.inject({ url: '/v1/log/checkpoint' });
      assert.equal(note.statusCode, 200);
      const verifier = parseVerifierKey(note.headers['x-log-verifier-key'] as string);
      assert.ok(verifier.ok);
      const opened = openCheckpoint(note.body, [verifier.value], { origin: 'registry.test/log' });
      assert.ok(opened.ok);
      const { size, root } = opened.value.checkpoint;
      const first = await database.db
        .selectFrom('log_entries')
        .select('body')
        .where('log_index', '=', 0)
        .executeTakeFirstOrThrow();
      const proof = await app.inject({ url: `/v1/log/proof/inclusion?index=0&size=${size}` });
      const hashes = proof.json<{ hashes: string[] }>().hashes.map((h) => Buffer.from(h, 'base64'));
      const leaf = leafHash(new TextEncoder().encode(first.body));
      assert.deepEqual(verifyInclusion(0, size, leaf, hashes, root), { ok: true });
      const beyond = await app.inject({ url: `/v1/log/proof/inclusion?index=0&size=${size + 5}` });
      assert.equal(beyond.statusCode, 400);
    });

    it('refuses each route to the roles it should (reader, publisher, approver, anonymous)', async () => {
      const cases: [string, number][] = [
        [ROLES.reader, (await push(ROLES.reader, '9')).statusCode],
        [ROLES.approver, (await promoteAs(ROLES.approver, '1')).statusCode],
        [
          ROLES.publisher,
          (
            await app.inject({
              method: 'POST',
              url: '/v1/team/models/bert/versions/1/approvals',
              headers: auth(ROLES.publisher),
              payload: { alias: 'production' },
            })
          ).statusCode,
        ],
        ['anonymous', (await app.inject({ url: '/v1/team/models/bert/versions/1' })).statusCode],
      ];
      assert.deepEqual(cases, [
        [ROLES.reader, 403],
        [ROLES.approver, 403],
        [ROLES.publisher, 403],
        ['anonymous', 401],
      ]);
    });
  });
}
