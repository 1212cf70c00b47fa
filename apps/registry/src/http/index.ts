/** The registry's HTTP server: authentication, the authorisation choke point, errors, OpenAPI. */
export { buildServer, registeredRoutes } from './server.ts';
export type { RegisteredRoute, RouteAccess, ServerDeps, ServerOptions } from './server.ts';
export { registerRegistryRoutes } from './routes/registry-routes.ts';
export { statusOf } from './errors.ts';
export type { ErrorBody } from './errors.ts';
