import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin.ts';
import type { RegistryContext } from './context.ts';
import { registerLogRoutes } from './log.ts';
import { registerModelRoutes } from './models.ts';

/**
 * Register every area's routes on a server from buildServer(): models, administration and the
 * transparency log. The server and the route x role matrix test both call this, so a route added to
 * any area (or a new area added here) is one the matrix enumerates.
 */
export function registerRegistryRoutes(
  app: FastifyInstance,
  ctx: RegistryContext,
  verifierKey: string,
): void {
  registerModelRoutes(app, ctx);
  registerAdminRoutes(app, ctx.database);
  registerLogRoutes(app, ctx.database, verifierKey);
}
