import fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { MlsecError, snippet } from '@mlsec/core';
import { isAction } from '../access/actions.ts';
import type { Action } from '../access/actions.ts';
import { authorize } from '../access/authorize.ts';
import type { NamespaceAccess } from '../access/authorize.ts';
import type { Principal } from '../access/principal.ts';
import { replyError } from './errors.ts';

/**
 * What a route needs, declared in its `config`: an action of the access catalogue checked in the
 * route's namespace (the `:namespace` path parameter), or `public` for the few documented public
 * routes (health, OpenAPI document, log checkpoint). A route without one is refused at startup.
 */
export type RouteAccess = { readonly action: Action } | { readonly public: string };

/** One route the server registered, with the access it declared (undefined only for /documentation). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

const ROUTES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Every route registered on a server made by buildServer() so far (HEAD routes fastify adds for GET
 * included), in registration order: what the route x role matrix test and the access table in the
 * ADR enumerate, so a route added later cannot go unlisted.
 */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return [...(ROUTES.get(app) ?? [])];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** How the server learns who is calling and what a namespace allows (the service layer implements it). */
export interface ServerDeps {
  /** The principal for an `Authorization` header (ANONYMOUS when absent); throws REGISTRY_AUTH_INVALID. */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** A namespace's access settings, or undefined when it does not exist (treated as private). */
  namespaceAccess(namespace: string): Promise<NamespaceAccess | undefined>;
}

export interface ServerOptions {
  readonly logger?: boolean;
  /** PEM certificate and key: serve HTTPS only. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Requests per principal (anonymous callers: per address) per minute. Default 600. */
  readonly rateLimitPerMinute?: number;
  /** Largest JSON body in bytes (blobs stream separately). Default 1 MiB. */
  readonly bodyLimit?: number;
}

function routeAccess(config: unknown): RouteAccess | undefined {
  const access = (config as { access?: unknown } | undefined)?.access;
  if (typeof access !== 'object' || access === null) return undefined;
  const record = access as Record<string, unknown>;
  if (isAction(record['action'])) return { action: record['action'] };
  if (typeof record['public'] === 'string') return { public: record['public'] };
  return undefined;
}

function namespaceOf(request: FastifyRequest): string {
  const params = request.params as Record<string, unknown> | undefined;
  const namespace = params?.['namespace'];
  if (typeof namespace !== 'string' || namespace === '') {
    throw new MlsecError('REGISTRY_REQUEST_INVALID', 'the route names no namespace');
  }
  return namespace;
}

/**
 * The registry's HTTP server, without routes of its own beyond health and the OpenAPI document: areas
 * register theirs on it. Every request is authenticated (an `Authorization: Bearer` token or OIDC JWT,
 * or anonymous), rate limited per principal, and authorised by the route's declared action through the
 * one `authorize()` choke point; a route that declares no access is refused when it is registered.
 *
 * @example
 *   const app = await buildServer(deps);
 *   app.get('/v1/:namespace/models', { config: { access: { action: 'history' } } }, handler);
 */
export async function buildServer(
  deps: ServerDeps,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ...(options.tls === undefined
      ? {}
      : { https: { cert: options.tls.cert, key: options.tls.key } }),
  });
  app.setErrorHandler(replyError);
  app.decorateRequest('principal', null as never);
  const routes: RegisteredRoute[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    const access = routeAccess(route.config);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
    if (access === undefined && !route.url.startsWith('/documentation')) {
      throw new MlsecError(
        'REGISTRY_ROUTE_UNPROTECTED',
        `route ${String(route.method)} ${snippet(route.url, 120)} declares no access (an action or public)`,
      );
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'mlsec registry', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.addHook('onRequest', async (request) => {
    request.principal = await deps.authenticate(request.headers.authorization);
  });
  // Limit and authorise before the body is read or validated: a caller who may not use a route gets
  // 401/403 (never a 400 about a body it had no right to send), and no body is parsed for it.
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    hook: 'onRequest',
    keyGenerator: (request) =>
      request.principal.kind === 'user' ? `user:${request.principal.name}` : `ip:${request.ip}`,
  });
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = routeAccess(request.routeOptions.config);
    if (access === undefined)
      throw new MlsecError('REGISTRY_ROUTE_UNPROTECTED', 'no access declared');
    if ('public' in access) return;
    const namespace = namespaceOf(request);
    const decision = authorize(
      request.principal,
      access.action,
      namespace,
      await deps.namespaceAccess(namespace),
    );
    if (decision.allowed) return;
    throw new MlsecError(
      request.principal.kind === 'anonymous' ? 'REGISTRY_AUTH_REQUIRED' : 'REGISTRY_ACCESS_DENIED',
      decision.reason,
    );
  });
  app.get(
    '/healthz',
    { config: { access: { public: 'liveness probe' } }, schema: { security: [] } },
    () => ({ ok: true }),
  );
  app.get(
    '/openapi.json',
    { config: { access: { public: 'the API description' } }, schema: { hide: true } },
    () => app.swagger(),
  );
  return app;
}
