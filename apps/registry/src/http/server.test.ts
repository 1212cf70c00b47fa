import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import type { Principal } from '../access/principal.ts';
import { ANONYMOUS } from '../access/principal.ts';
import type { ErrorBody } from './errors.ts';
import { buildServer } from './server.ts';
import type { ServerDeps } from './server.ts';

// Two callers: alice reads in `team`; bob publishes there. `open` is a public namespace.
const PRINCIPALS: Readonly<Record<string, Principal>> = {
  'token-alice': {
    kind: 'user',
    name: 'alice',
    via: 'token',
    grants: [{ namespace: 'team', role: 'reader' }],
  },
  'token-bob': {
    kind: 'user',
    name: 'bob',
    via: 'token',
    grants: [{ namespace: 'team', role: 'publisher' }],
  },
};

const deps: ServerDeps = {
  authenticate: (header) => {
    if (header === undefined) return Promise.resolve(ANONYMOUS);
    const principal = PRINCIPALS[header.replace(/^Bearer /, '')];
    if (principal === undefined) {
      return Promise.reject(new MlsecError('REGISTRY_AUTH_INVALID', 'unknown token'));
    }
    return Promise.resolve(principal);
  },
  namespaceAccess: (namespace) =>
    Promise.resolve(
      namespace === 'team'
        ? { public: false }
        : namespace === 'open'
          ? { public: true }
          : undefined,
    ),
};

async function app(options = {}) {
  const server = await buildServer(deps, options);
  server.get('/v1/:namespace/models', { config: { access: { action: 'pull' } } }, () => ({
    models: [],
  }));
  server.post('/v1/:namespace/versions', { config: { access: { action: 'push' } } }, () => ({
    ok: true,
  }));
  server.get('/v1/:namespace/boom', { config: { access: { action: 'pull' } } }, () => {
    throw new Error('secret detail /etc/shadow');
  });
  return server;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('buildServer', () => {
  it('refuses to register a route that declares no access', async () => {
    const server = await buildServer(deps);
    assert.throws(
      () => server.get('/v1/:namespace/open-door', () => 'hi'),
      (error: unknown) =>
        error instanceof MlsecError && error.code === 'REGISTRY_ROUTE_UNPROTECTED',
    );
  });

  it('authenticates every request and authorises it by the route action in its namespace', async () => {
    const server = await app();
    const cases: [string, string, Record<string, string>, number, string?][] = [
      ['GET', '/v1/team/models', {}, 401, 'REGISTRY_AUTH_REQUIRED'],
      ['GET', '/v1/team/models', auth('nope'), 401, 'REGISTRY_AUTH_INVALID'],
      ['GET', '/v1/team/models', auth('token-alice'), 200],
      ['POST', '/v1/team/versions', auth('token-alice'), 403, 'REGISTRY_ACCESS_DENIED'],
      ['POST', '/v1/team/versions', auth('token-bob'), 200],
      ['GET', '/v1/other/models', auth('token-bob'), 403, 'REGISTRY_ACCESS_DENIED'],
      ['GET', '/v1/open/models', {}, 200],
      ['POST', '/v1/open/versions', {}, 401, 'REGISTRY_AUTH_REQUIRED'],
      ['GET', '/healthz', {}, 200],
      ['GET', '/v1/team/nothing-here', auth('token-alice'), 404],
    ];
    for (const [method, url, headers, status, code] of cases) {
      const response = await server.inject({ method: method as 'GET' | 'POST', url, headers });
      assert.equal(
        response.statusCode,
        status,
        `${method} ${url} ${JSON.stringify(headers)}: ${response.body}`,
      );
      if (code !== undefined) assert.equal(response.json<ErrorBody>().error.code, code);
    }
    await server.close();
  });

  it('refuses a caller before reading its body: 401/403, never a 400 about the body', async () => {
    const server = await app();
    const bad = { 'content-type': 'application/json' };
    const send = (headers: Record<string, string>) =>
      server.inject({ method: 'POST', url: '/v1/team/versions', headers, payload: '{not json' });
    assert.equal((await send(bad)).statusCode, 401);
    assert.equal((await send({ ...bad, ...auth('token-alice') })).statusCode, 403);
    assert.equal((await send({ ...bad, ...auth('token-bob') })).statusCode, 400);
  });

  it('answers unexpected failures with CORE_INTERNAL and no detail', async () => {
    const server = await app();
    const response = await server.inject({ url: '/v1/team/boom', headers: auth('token-alice') });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), {
      error: { code: 'CORE_INTERNAL', message: 'internal error; see the server log' },
    });
    await server.close();
  });

  it('rate limits per principal, not per address', async () => {
    const server = await app({ rateLimitPerMinute: 3 });
    const codes = async (token: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        out.push(
          (await server.inject({ url: '/v1/team/models', headers: auth(token) })).statusCode,
        );
      }
      return out;
    };
    assert.deepEqual(await codes('token-alice'), [200, 200, 200, 429]);
    assert.deepEqual(await codes('token-bob'), [200, 200, 200, 429]);
    const limited = await server.inject({ url: '/v1/team/models', headers: auth('token-alice') });
    assert.equal(limited.json<ErrorBody>().error.code, 'REGISTRY_RATE_LIMITED');
    await server.close();
  });

  it('publishes an OpenAPI 3.1 document of its routes, with bearer security', async () => {
    const server = await app();
    await server.ready();
    const response = await server.inject({ url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: unknown;
    }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/v1/{namespace}/models']);
    assert.ok(doc.paths['/v1/{namespace}/versions']);
    assert.deepEqual((doc.components as { securitySchemes: unknown }).securitySchemes, {
      bearer: { type: 'http', scheme: 'bearer' },
    });
    await server.close();
  });
});
