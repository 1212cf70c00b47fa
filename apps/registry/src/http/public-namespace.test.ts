import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import { verifyLedger } from '../ledger/verify-ledger.ts';
import type { ErrorBody } from './errors.ts';
import { sha, startRegistryApp, WEIGHTS } from './testing/registry-app.ts';
import type { Method, RegistryApp } from './testing/registry-app.ts';

const FILES = [{ path: 'model.safetensors', sha256: sha(WEIGHTS), size: WEIGHTS.length }];

for (const engine of TEST_ENGINES) {
  describe(`a public namespace on ${engine}`, () => {
    let registry: RegistryApp;
    let root: string;
    let pat: string;
    let olga: string;

    const call = (token: string | undefined, method: Method, url: string, body?: unknown) =>
      registry.call(token, method, url, body);
    const codeOf = (res: { json<T>(): T }) => res.json<ErrorBody>().error.code;
    const tokenFor = async (ns: string, principal: string, role: string) => {
      const granted = await call(root, 'POST', `/v1/${ns}/grants`, { principal, role });
      assert.equal(granted.statusCode, 200, granted.body);
      const minted = await call(root, 'POST', `/v1/${ns}/tokens`, { principal, roles: [role] });
      assert.equal(minted.statusCode, 201, minted.body);
      return minted.json<{ token: string }>().token;
    };

    before(async () => {
      registry = await startRegistryApp(engine, 'public_ns');
      root = registry.rootToken;
      const open = await call(root, 'PUT', '/v1/open', { public: true });
      assert.deepEqual([open.statusCode, open.json()], [201, { namespace: 'open', public: true }]);
      assert.equal((await call(root, 'PUT', '/v1/shut', {})).statusCode, 201);
      pat = await tokenFor('open', 'pat', 'publisher');
      const patInShut = await tokenFor('shut', 'pat', 'publisher');
      // olga holds a role elsewhere only: signed in, but nobody in `open`.
      olga = await tokenFor('shut', 'olga', 'reader');
      for (const [ns, token] of [
        ['open', pat],
        ['shut', patInShut],
      ] as const) {
        const blob = await call(token, 'PUT', `/v1/${ns}/blobs/${sha(WEIGHTS)}`, WEIGHTS);
        assert.ok(blob.statusCode === 201 || blob.statusCode === 200, blob.body);
        for (const version of ['1', 'pending-2', 'failed-3']) {
          const pushed = await call(token, 'POST', `/v1/${ns}/models/bert/versions`, {
            version,
            files: FILES,
          });
          assert.equal(pushed.statusCode, 201, pushed.body);
        }
      }
    });
    after(() => registry.close());

    it('lets anyone pull the manifest and files of a ready version, and logs the pull as anonymous', async () => {
      const manifest = await call(undefined, 'GET', '/v1/open/models/bert/versions/1');
      assert.equal(manifest.statusCode, 200, manifest.body);
      const body = manifest.json<{ status: string; files: unknown }>();
      assert.deepEqual([body.status, body.files], ['ready', FILES]);
      const before = registry.pulls.length;
      const file = await call(
        undefined,
        'GET',
        '/v1/open/models/bert/versions/1/files/model.safetensors',
      );
      assert.equal(file.statusCode, 200);
      assert.equal(sha(file.rawPayload), sha(WEIGHTS));
      assert.deepEqual(registry.pulls.slice(before), [['anonymous', WEIGHTS.length]]);
      const pulls = await registry.database.db
        .selectFrom('log_entries')
        .select('body')
        .where('kind', '=', 'model_pulled')
        .execute();
      assert.deepEqual(
        pulls.map((p) => {
          const entry = JSON.parse(p.body) as Record<string, unknown>;
          return [entry['by'], entry['namespace'], entry['version'], entry['bytes']];
        }),
        [['anonymous', 'open', '1', WEIGHTS.length]],
      );
      // A signed-in caller without a role in `open` pulls as the public does, under its own name.
      const signed = await call(
        olga,
        'GET',
        '/v1/open/models/bert/versions/1/files/model.safetensors',
      );
      assert.equal(signed.statusCode, 200);
      assert.deepEqual(registry.pulls.at(-1), ['olga', WEIGHTS.length]);
    });

    it('hides pending and failed versions from callers without a role, as if never pushed', async () => {
      for (const token of [undefined, olga]) {
        for (const version of ['pending-2', 'failed-3', 'never-pushed']) {
          const manifest = await call(token, 'GET', `/v1/open/models/bert/versions/${version}`);
          const file = await call(
            token,
            'GET',
            `/v1/open/models/bert/versions/${version}/files/model.safetensors`,
          );
          assert.deepEqual(
            [manifest.statusCode, codeOf(manifest), manifest.json<ErrorBody>().error.message],
            [404, 'REGISTRY_NOT_FOUND', 'no such version'],
          );
          assert.deepEqual(
            [file.statusCode, codeOf(file), file.json<ErrorBody>().error.message],
            [404, 'REGISTRY_NOT_FOUND', 'no such file in the version'],
          );
        }
      }
      // The publisher, who holds a role, sees the status and why its files are not served.
      const pending = await call(pat, 'GET', '/v1/open/models/bert/versions/pending-2');
      assert.equal(pending.json<{ status: string }>().status, 'pending');
      const failed = await call(
        pat,
        'GET',
        '/v1/open/models/bert/versions/failed-3/files/model.safetensors',
      );
      assert.deepEqual([failed.statusCode, codeOf(failed)], [409, 'REGISTRY_VERSION_NOT_READY']);
    });

    it('opens nothing else to anonymous callers', async () => {
      const writes: [Method, string, unknown][] = [
        ['PUT', `/v1/open/blobs/${sha(WEIGHTS)}`, WEIGHTS],
        ['POST', '/v1/open/models/bert/versions', { version: '9', files: FILES }],
        ['POST', '/v1/open/models/bert/aliases/production', { version: '1', reason: 'x' }],
        ['POST', '/v1/open/models/bert/aliases/production/rollback', { reason: 'x' }],
        ['POST', '/v1/open/models/bert/versions/1/approvals', { alias: 'production' }],
        ['GET', '/v1/open/models/bert/aliases/production/history', undefined],
        ['PUT', '/v1/open', { public: true }],
        ['PUT', '/v1/open/policy', 'version: 1\ndefault: {}\n'],
        ['POST', '/v1/open/grants', { principal: 'eve', role: 'reader' }],
        ['POST', '/v1/open/tokens', { principal: 'pat', roles: ['reader'] }],
        ['DELETE', `/v1/open/tokens/${registry.rootTokenId}`, undefined],
      ];
      for (const [method, url, body] of writes) {
        const res = await call(undefined, method, url, body);
        assert.deepEqual(
          [res.statusCode, codeOf(res)],
          [401, 'REGISTRY_AUTH_REQUIRED'],
          `${method} ${url}`,
        );
      }
      const size = await registry.database.db.selectFrom('model_versions').select('id').execute();
      assert.equal(size.length, 6, 'nothing was pushed');
    });

    it('keeps a private namespace closed: 401 without credentials, 403 without a role', async () => {
      const rita = await tokenFor('open', 'rita', 'reader');
      for (const url of [
        '/v1/shut/models/bert/versions/1',
        '/v1/shut/models/bert/versions/1/files/model.safetensors',
      ]) {
        const anonymous = await call(undefined, 'GET', url);
        assert.deepEqual(
          [anonymous.statusCode, codeOf(anonymous)],
          [401, 'REGISTRY_AUTH_REQUIRED'],
        );
        const other = await call(rita, 'GET', url);
        assert.deepEqual([other.statusCode, codeOf(other)], [403, 'REGISTRY_ACCESS_DENIED']);
      }
    });

    it('never lets a principal take the name the log gives anonymous callers', async () => {
      for (const principal of ['anonymous', 'Anonymous']) {
        const res = await call(root, 'POST', '/v1/open/grants', { principal, role: 'reader' });
        assert.deepEqual([res.statusCode, codeOf(res)], [400, 'REGISTRY_REQUEST_INVALID']);
      }
    });

    it('logged the anonymous pull like any other: the ledger verifies', async () => {
      const report = await verifyLedger(registry.database.db, { verifiers: [], origin: 'unused' });
      assert.deepEqual(report.problems, []);
    });
  });
}
