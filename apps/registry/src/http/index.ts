/** The registry's HTTP server: authentication, the authorisation choke point, errors, OpenAPI. */
export { buildServer } from './server.ts';
export type { RouteAccess, ServerDeps, ServerOptions } from './server.ts';
export { statusOf } from './errors.ts';
export type { ErrorBody } from './errors.ts';
