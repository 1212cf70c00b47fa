import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ACTIONS, roleFor } from '../access/actions.ts';
import type { Action } from '../access/actions.ts';
import { ROLES, roleSatisfies } from '../access/roles.ts';
import type { Role } from '../access/roles.ts';
import { createNamespace, createToken, grantRole, revokeToken } from '../access-db/index.ts';
import { initDataDir, startRegistry } from '../app/index.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import { registeredRoutes } from './server.ts';
import { OPEN_POLICY, sha, startRegistryApp, WEIGHTS } from './testing/registry-app.ts';
import type { Method, RegistryApp } from './testing/registry-app.ts';

// The route x role matrix (issue 6): every route the server registers, tried by every kind of caller
// in a private and in a public namespace, with real tokens and realistic requests. The expectation of
// each cell is derived from three small hand-written rules below (what each role confers, the least
// role of each route, what each caller holds); the code's own definitions (roles.ts, actions.ts, each
// route's declared action) must agree with them, and the server must answer each cell accordingly.

/** Hand-written: the roles each role confers (roles.ts must agree). */
const CONFERS: Readonly<Record<Role, readonly Role[]>> = {
  reader: ['reader'],
  publisher: ['publisher', 'reader'],
  approver: ['approver', 'reader'],
  admin: ['admin', 'approver', 'publisher', 'reader'],
};

/** The namespaces each namespaced route is tried in. */
type Namespace = 'team' | 'open';
const NAMESPACES: readonly Namespace[] = ['team', 'open'];
const IS_PUBLIC: Readonly<Record<Namespace, boolean>> = { team: false, open: true };

/**
 * Hand-written: the callers, and the roles each holds in `team` and in `open` (the same in both).
 * `scoped-token` is an admin of both whose token is scoped to reader; `other-admin` is an admin of
 * another namespace only; `global-admin` holds admin on `*` (registry init's first admin).
 */
const CALLERS = {
  anonymous: 'no credentials',
  malformed: 'invalid credentials',
  revoked: 'invalid credentials',
  expired: 'invalid credentials',
  'scoped-token': ['reader'],
  reader: ['reader'],
  publisher: ['publisher'],
  approver: ['approver'],
  'other-admin': [],
  admin: ['admin'],
  'global-admin': ['admin'],
} as const satisfies Readonly<Record<string, string | readonly Role[]>>;
type Caller = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as Caller[];

interface Req {
  readonly method: Method;
  readonly url: string;
  readonly body?: unknown;
}

/** One row of the matrix: a route as fastify registered it, and what it needs. */
interface Row {
  readonly route: string;
  /** The action the route declares and the least role that takes it; absent for public routes. */
  readonly needs?: { readonly action: Action; readonly role: Role };
  /** A realistic request by `caller` (in `ns`, for namespaced routes) that reaches the handler. */
  readonly request: (ns: Namespace, caller: Caller) => Req;
  /** What the handler answers an allowed caller: never 401/403, nor a validation 400. */
  readonly reached: readonly number[];
}

/** Filled per engine: a token id per namespace for the revocation row. */
const victims = new Map<Namespace, string>();
const FILES = [{ path: 'model.safetensors', sha256: sha(WEIGHTS), size: WEIGHTS.length }];
const get = (url: string): Req => ({ method: 'GET', url });
const post = (url: string, body: unknown): Req => ({ method: 'POST', url, body });
const model = (ns: Namespace) => `/v1/${ns}/models/bert`;

/** A GET row and the HEAD route fastify registers beside it (same access, same handler). */
function withHead(row: Row): Row[] {
  return [
    row,
    {
      ...row,
      route: row.route.replace(/^GET /, 'HEAD '),
      request: (ns, caller) => ({ ...row.request(ns, caller), method: 'HEAD' }),
    },
  ];
}

/** Hand-written: every route, the action it declares and the least role that may call it. */
const ROWS: readonly Row[] = [
  ...withHead({ route: 'GET /healthz', request: () => get('/healthz'), reached: [200] }),
  ...withHead({ route: 'GET /openapi.json', request: () => get('/openapi.json'), reached: [200] }),
  {
    route: 'PUT /v1/:namespace/blobs/:sha256',
    needs: { action: 'push', role: 'publisher' },
    request: (ns) => ({ method: 'PUT', url: `/v1/${ns}/blobs/${sha(WEIGHTS)}`, body: WEIGHTS }),
    reached: [200],
  },
  {
    route: 'POST /v1/:namespace/models/:model/versions',
    needs: { action: 'push', role: 'publisher' },
    request: (ns, caller) =>
      post(`${model(ns)}/versions`, { version: `v-${caller}`, files: FILES }),
    reached: [201],
  },
  ...withHead({
    route: 'GET /v1/:namespace/models/:model/versions/:version',
    needs: { action: 'pull', role: 'reader' },
    request: (ns) => get(`${model(ns)}/versions/1`),
    reached: [200],
  }),
  ...withHead({
    route: 'GET /v1/:namespace/models/:model/versions/:version/files/*',
    needs: { action: 'pull', role: 'reader' },
    request: (ns) => get(`${model(ns)}/versions/1/files/model.safetensors`),
    reached: [200],
  }),
  {
    route: 'POST /v1/:namespace/models/:model/aliases/:alias',
    needs: { action: 'promote', role: 'publisher' },
    request: (ns) => post(`${model(ns)}/aliases/production`, { version: '1', reason: 'matrix' }),
    reached: [200],
  },
  {
    route: 'POST /v1/:namespace/models/:model/aliases/:alias/rollback',
    needs: { action: 'rollback', role: 'publisher' },
    request: (ns) => post(`${model(ns)}/aliases/production/rollback`, { reason: 'matrix' }),
    reached: [200],
  },
  {
    route: 'POST /v1/:namespace/models/:model/versions/:version/approvals',
    needs: { action: 'approve', role: 'approver' },
    request: (ns) => post(`${model(ns)}/versions/1/approvals`, { alias: 'production' }),
    // 409: the same principal approved this version already (admins approve as approvers do).
    reached: [201, 409],
  },
  ...withHead({
    route: 'GET /v1/:namespace/models/:model/aliases/:alias/history',
    needs: { action: 'history', role: 'reader' },
    request: (ns) => get(`${model(ns)}/aliases/production/history`),
    reached: [200],
  }),
  {
    route: 'PUT /v1/:namespace',
    needs: { action: 'grant', role: 'admin' },
    request: (ns) => ({ method: 'PUT', url: `/v1/${ns}`, body: {} }),
    // The namespace exists: the handler refuses to create it twice.
    reached: [409],
  },
  {
    route: 'PUT /v1/:namespace/policy',
    needs: { action: 'policy-set', role: 'admin' },
    request: (ns) => ({ method: 'PUT', url: `/v1/${ns}/policy`, body: OPEN_POLICY }),
    reached: [200],
  },
  {
    route: 'POST /v1/:namespace/grants',
    needs: { action: 'grant', role: 'admin' },
    request: (ns) => post(`/v1/${ns}/grants`, { principal: 'zed', role: 'reader' }),
    reached: [200],
  },
  {
    route: 'POST /v1/:namespace/tokens',
    needs: { action: 'token-create', role: 'admin' },
    request: (ns) => post(`/v1/${ns}/tokens`, { principal: 'zed', roles: ['reader'], days: 1 }),
    reached: [201],
  },
  {
    route: 'DELETE /v1/:namespace/tokens/:id',
    needs: { action: 'token-revoke', role: 'admin' },
    request: (ns) => ({ method: 'DELETE', url: `/v1/${ns}/tokens/${victims.get(ns) ?? ''}` }),
    reached: [200],
  },
  ...withHead({
    route: 'GET /v1/log/checkpoint',
    request: () => get('/v1/log/checkpoint'),
    reached: [200],
  }),
  ...withHead({
    route: 'GET /v1/log/proof/inclusion',
    request: () => get('/v1/log/proof/inclusion?index=0&size=2'),
    reached: [200],
  }),
  ...withHead({
    route: 'GET /v1/log/proof/consistency',
    request: () => get('/v1/log/proof/consistency?from=1&to=2'),
    reached: [200],
  }),
];

/** Hand-written: actions of the catalogue that no route takes yet. */
const ACTIONS_WITHOUT_ROUTE: readonly Action[] = [
  // The log routes serve hashes only and are public; entries are not served over HTTP.
  'log-read',
  'audit',
];

type Outcome =
  'allowed' | 'REGISTRY_AUTH_INVALID' | 'REGISTRY_AUTH_REQUIRED' | 'REGISTRY_ACCESS_DENIED';
const STATUS = {
  REGISTRY_AUTH_INVALID: 401,
  REGISTRY_AUTH_REQUIRED: 401,
  REGISTRY_ACCESS_DENIED: 403,
} as const;

/**
 * The expected outcome of a cell, from the rules above: bad credentials are refused before any route
 * (even a public one); public routes take anyone; a public namespace opens `pull` and nothing else to
 * anyone; otherwise a role the caller holds must confer the route's least role.
 */
function expected(row: Row, caller: Caller, ns: Namespace): Outcome {
  const holds: string | readonly Role[] = CALLERS[caller];
  if (holds === 'invalid credentials') return 'REGISTRY_AUTH_INVALID';
  if (row.needs === undefined) return 'allowed';
  const { action, role } = row.needs;
  const publicPull = action === 'pull' && IS_PUBLIC[ns];
  if (typeof holds === 'string') return publicPull ? 'allowed' : 'REGISTRY_AUTH_REQUIRED';
  if (publicPull || holds.some((held) => CONFERS[held].includes(role))) return 'allowed';
  return 'REGISTRY_ACCESS_DENIED';
}

const rowOf = (route: string): Row => {
  const row = ROWS.find((r) => r.route === route);
  assert.ok(row, `no row ${route}`);
  return row;
};

describe('the route x role rules', () => {
  it('agree with roles.ts: what each role confers', () => {
    for (const held of ROLES) {
      for (const needed of ROLES) {
        assert.equal(
          roleSatisfies(held, needed),
          CONFERS[held].includes(needed),
          `${held}→${needed}`,
        );
      }
    }
  });

  it('agree with actions.ts: the least role of each route is the role of its action', () => {
    for (const row of ROWS) {
      if (row.needs !== undefined)
        assert.equal(roleFor(row.needs.action), row.needs.role, row.route);
    }
    const taken = new Set(ROWS.flatMap((r) => (r.needs === undefined ? [] : [r.needs.action])));
    const untaken = (Object.keys(ACTIONS) as Action[]).filter((a) => !taken.has(a));
    assert.deepEqual(untaken, ACTIONS_WITHOUT_ROUTE);
  });

  it('give the key cells by hand', () => {
    const VERSIONS = 'POST /v1/:namespace/models/:model/versions';
    const FILE = 'GET /v1/:namespace/models/:model/versions/:version/files/*';
    const cells: [string, Caller, Namespace, Outcome][] = [
      // approver does not imply publisher, nor publisher approver (separation of duties)
      [VERSIONS, 'approver', 'team', 'REGISTRY_ACCESS_DENIED'],
      [
        'POST /v1/:namespace/models/:model/versions/:version/approvals',
        'publisher',
        'team',
        'REGISTRY_ACCESS_DENIED',
      ],
      [VERSIONS, 'publisher', 'team', 'allowed'],
      ['POST /v1/:namespace/tokens', 'publisher', 'team', 'REGISTRY_ACCESS_DENIED'],
      ['POST /v1/:namespace/tokens', 'global-admin', 'team', 'allowed'],
      // a token's scope narrows its principal's grants
      ['PUT /v1/:namespace/policy', 'scoped-token', 'team', 'REGISTRY_ACCESS_DENIED'],
      [FILE, 'scoped-token', 'team', 'allowed'],
      // an admin elsewhere is nobody here, except for a public pull
      ['POST /v1/:namespace/grants', 'other-admin', 'team', 'REGISTRY_ACCESS_DENIED'],
      [FILE, 'other-admin', 'team', 'REGISTRY_ACCESS_DENIED'],
      [FILE, 'other-admin', 'open', 'allowed'],
      [VERSIONS, 'other-admin', 'open', 'REGISTRY_ACCESS_DENIED'],
      // anonymous: pull from a public namespace, nothing else
      [FILE, 'anonymous', 'open', 'allowed'],
      ['GET /v1/:namespace/models/:model/versions/:version', 'anonymous', 'open', 'allowed'],
      [FILE, 'anonymous', 'team', 'REGISTRY_AUTH_REQUIRED'],
      [
        'GET /v1/:namespace/models/:model/aliases/:alias/history',
        'anonymous',
        'open',
        'REGISTRY_AUTH_REQUIRED',
      ],
      ['PUT /v1/:namespace/blobs/:sha256', 'anonymous', 'open', 'REGISTRY_AUTH_REQUIRED'],
      ['DELETE /v1/:namespace/tokens/:id', 'anonymous', 'open', 'REGISTRY_AUTH_REQUIRED'],
      ['GET /healthz', 'anonymous', 'team', 'allowed'],
      // bad credentials are refused everywhere, even where none are needed
      ['GET /healthz', 'expired', 'team', 'REGISTRY_AUTH_INVALID'],
      [FILE, 'revoked', 'open', 'REGISTRY_AUTH_INVALID'],
    ];
    for (const [route, caller, ns, outcome] of cells) {
      assert.equal(expected(rowOf(route), caller, ns), outcome, `${route} ${caller} ${ns}`);
    }
  });
});

/** The doc table (docs/adr/0004-registry.md) as the rows imply it. */
function renderDocTable(routes: ReturnType<typeof registeredRoutes>): string {
  const lines = [
    '| Route | Action | reader | publisher | approver | admin | no credentials |',
    '| --- | --- | :-: | :-: | :-: | :-: | --- |',
  ];
  for (const row of ROWS) {
    if (row.route.startsWith('HEAD ')) continue;
    const [method, url] = row.route.split(' ');
    const route = `\`${method ?? ''} ${url ?? ''}\``;
    if (row.needs === undefined) {
      const access = routes.find((r) => `${r.method} ${r.url}` === row.route)?.access;
      const why = access !== undefined && 'public' in access ? access.public : '?';
      lines.push(`| ${route} | public: ${why} | ✓ | ✓ | ✓ | ✓ | ✓ |`);
      continue;
    }
    const { action, role } = row.needs;
    const cells = ROLES.map((held) => (CONFERS[held].includes(role) ? '✓' : '–'));
    const anonymous = action === 'pull' ? 'public namespace: ready versions only; else 401' : '401';
    lines.push(`| ${route} | \`${action}\` | ${cells.join(' | ')} | ${anonymous} |`);
  }
  return lines.join('\n');
}

describe('the route table', () => {
  it('lists every route of a registry started from its data folder, and the ADR shows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-route-matrix-'));
    const matrix = await startRegistryApp('sqlite', 'route_table');
    try {
      await initDataDir(join(dir, 'data'), { adminName: 'root', origin: 'registry.test/log' });
      const registry = await startRegistry(join(dir, 'data'), { port: 0 });
      const served = registeredRoutes(registry.app);
      await registry.close();
      const keys = (list: ReturnType<typeof registeredRoutes>) =>
        list.map((r) => `${r.method} ${r.url}`).sort();
      // Every route of the real server is in the app the matrix runs against, and has a row.
      assert.deepEqual(keys(registeredRoutes(matrix.app)), keys(served));
      assert.deepEqual(keys(served), ROWS.map((r) => r.route).sort());
      for (const route of served) {
        const row = rowOf(`${route.method} ${route.url}`);
        assert.deepEqual(
          route.access !== undefined && 'action' in route.access ? route.access.action : undefined,
          row.needs?.action,
          `${route.method} ${route.url} declares another action than its row`,
        );
        assert.ok(route.access !== undefined, `${route.url} declares its access`);
        if (row.needs !== undefined) assert.match(route.url, /^\/v1\/:namespace(\/|$)/);
      }
      const adr = readFileSync(
        new URL('../../../../docs/adr/0004-registry.md', import.meta.url),
        'utf8',
      );
      const table = /<!-- route-matrix:start[^>]*-->\n([\s\S]*?)\n<!-- route-matrix:end -->/.exec(
        adr,
      )?.[1];
      assert.equal(table, renderDocTable(served), 'docs/adr/0004-registry.md: the route table');
    } finally {
      await matrix.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of TEST_ENGINES) {
  describe(`the route x role matrix on ${engine}`, () => {
    let registry: RegistryApp;
    const tokens = new Map<Caller, string | undefined>();

    before(async () => {
      registry = await startRegistryApp(engine, 'route_matrix');
      const { database, rootToken } = registry;
      const actor = 'root';
      const mint = async (principal: string, scope: { namespace: string; role: Role }[]) =>
        (await createToken(database, { actor, principal, scope, lifetimeMs: 86_400_000 })).token;
      await createNamespace(database, { actor, name: 'team' });
      await createNamespace(database, { actor, name: 'open', public: true });
      await createNamespace(database, { actor, name: 'other' });
      const people: [Caller, string, Role][] = [
        ['reader', 'rita', 'reader'],
        ['publisher', 'pat', 'publisher'],
        ['approver', 'alice', 'approver'],
        ['admin', 'nadia', 'admin'],
        ['other-admin', 'olga', 'admin'],
        ['scoped-token', 'nadia', 'admin'],
      ];
      for (const [caller, principal, role] of people) {
        const where = caller === 'other-admin' ? ['other'] : NAMESPACES;
        for (const namespace of where) {
          await grantRole(database, { actor, namespace, principal, role });
        }
        const scoped = caller === 'scoped-token' ? 'reader' : role;
        tokens.set(
          caller,
          await mint(
            principal,
            where.map((namespace) => ({ namespace, role: scoped })),
          ),
        );
      }
      tokens.set('global-admin', rootToken);
      tokens.set('anonymous', undefined);
      tokens.set('malformed', 'mlsr_not-a-token');
      const revoked = await createToken(database, {
        actor,
        principal: 'root',
        scope: [{ namespace: '*', role: 'admin' }],
        lifetimeMs: 86_400_000,
      });
      await revokeToken(database, { actor, tokenId: revoked.record.id });
      tokens.set('revoked', revoked.token);
      const expired = await createToken(database, {
        actor,
        principal: 'root',
        scope: [{ namespace: '*', role: 'admin' }],
        lifetimeMs: 86_400_000,
        now: Date.now() - 2 * 86_400_000,
      });
      tokens.set('expired', expired.token);
      // Each namespace: the blob, versions 1 and 2 ready, production moved 1 -> 2 (so a rollback
      // always has an earlier target), an open gate policy, and a token to revoke.
      for (const ns of NAMESPACES) {
        await grantRole(database, { actor, namespace: ns, principal: 'zed', role: 'reader' });
        victims.set(
          ns,
          (
            await createToken(database, {
              actor,
              principal: 'zed',
              scope: [{ namespace: ns, role: 'reader' }],
              lifetimeMs: 86_400_000,
            })
          ).record.id,
        );
        const seed: Req[] = [
          { method: 'PUT', url: `/v1/${ns}/policy`, body: OPEN_POLICY },
          { method: 'PUT', url: `/v1/${ns}/blobs/${sha(WEIGHTS)}`, body: WEIGHTS },
          post(`${model(ns)}/versions`, { version: '1', files: FILES }),
          post(`${model(ns)}/versions`, { version: '2', files: FILES }),
          post(`${model(ns)}/aliases/production`, { version: '1', reason: 'seed' }),
          post(`${model(ns)}/aliases/production`, { version: '2', reason: 'seed' }),
        ];
        for (const req of seed) {
          const res = await registry.call(rootToken, req.method, req.url, req.body);
          assert.ok(res.statusCode < 300, `${req.method} ${req.url}: ${res.body}`);
        }
      }
      await registry.checkpoint();
    });
    after(() => registry.close());

    for (const row of ROWS) {
      it(`${row.route}: refuses exactly the callers it should`, async () => {
        const wrong: string[] = [];
        for (const ns of row.needs === undefined ? (['team'] as const) : NAMESPACES) {
          for (const caller of CALLER_NAMES) {
            const want = expected(row, caller, ns);
            const req = row.request(ns, caller);
            const res = await registry.call(tokens.get(caller), req.method, req.url, req.body);
            const code =
              res.statusCode >= 400 && req.method !== 'HEAD'
                ? res.json<{ error?: { code?: string } }>().error?.code
                : undefined;
            const cell = `${req.method} ${req.url} by ${caller}`;
            if (want === 'allowed') {
              if (!row.reached.includes(res.statusCode))
                wrong.push(
                  `${cell}: allowed, so ${row.reached.join('/')}; got ${res.statusCode} ${code ?? ''}`,
                );
            } else if (res.statusCode !== STATUS[want] || (code !== undefined && code !== want)) {
              wrong.push(`${cell}: ${STATUS[want]} ${want}; got ${res.statusCode} ${code ?? ''}`);
            }
          }
        }
        assert.deepEqual(wrong, []);
      });
    }

    it('refuses a namespace that does not exist exactly as a private one it may not see', async () => {
      const call = (
        token: string | undefined,
        method: Req['method'],
        url: string,
        body?: unknown,
      ) => registry.call(token, method, url, body);
      const pairs: [Caller, Req, Req][] = [
        ['anonymous', get(`${model('team')}/versions/1`), get('/v1/ghost/models/bert/versions/1')],
        [
          'reader',
          post('/v1/team/grants', { principal: 'zed', role: 'reader' }),
          post('/v1/ghost/grants', { principal: 'zed', role: 'reader' }),
        ],
        [
          'other-admin',
          get(`${model('team')}/versions/1`),
          get('/v1/ghost/models/bert/versions/1'),
        ],
        [
          'admin',
          { method: 'PUT', url: '/v1/other', body: {} },
          { method: 'PUT', url: '/v1/ghost', body: {} },
        ],
      ];
      for (const [caller, existing, missing] of pairs) {
        const a = await call(tokens.get(caller), existing.method, existing.url, existing.body);
        const b = await call(tokens.get(caller), missing.method, missing.url, missing.body);
        assert.ok(a.statusCode === 401 || a.statusCode === 403, `${caller}: ${a.body}`);
        assert.deepEqual(
          [b.statusCode, b.json<{ error: { code: string } }>().error.code],
          [a.statusCode, a.json<{ error: { code: string } }>().error.code],
          caller,
        );
      }
      // Only an admin on * reaches the handler, which says what is there.
      const ghost = await call(
        tokens.get('global-admin'),
        'GET',
        '/v1/ghost/models/bert/versions/1',
      );
      assert.equal(ghost.statusCode, 404);
      const made = await call(tokens.get('global-admin'), 'PUT', '/v1/ghost', {});
      assert.equal(made.statusCode, 201);
    });
  });
}
