import type { FastifyInstance } from 'fastify';
import { MlsecError } from '@mlsec/core';
import type { RegistryDatabase } from '../../db/open-database.ts';
import { latestCheckpoint, logConsistencyProof, logInclusionProof } from '../../ledger/index.ts';

const b64 = (hashes: readonly Uint8Array[]): string[] =>
  hashes.map((h) => Buffer.from(h).toString('base64'));
const SIZE = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * The transparency log's public routes: the latest signed checkpoint (C2SP note) and RFC 9162
 * inclusion and consistency proofs. They reveal hashes only, so anyone can verify what the registry
 * signed; the entries themselves (who pulled what) are not served here.
 */
export function registerLogRoutes(
  app: FastifyInstance,
  database: RegistryDatabase,
  verifierKey: string,
): void {
  app.get(
    '/v1/log/checkpoint',
    { config: { access: { public: 'signed tree head: hashes only' } }, schema: { security: [] } },
    async (_request, reply) => {
      const latest = await latestCheckpoint(database.db);
      if (latest === undefined)
        throw new MlsecError('REGISTRY_NOT_FOUND', 'no checkpoint has been published yet');
      return reply
        .type('text/plain; charset=utf-8')
        .header('x-log-verifier-key', verifierKey)
        .send(latest.note);
    },
  );
  app.get<{ Querystring: { index: number; size: number } }>(
    '/v1/log/proof/inclusion',
    {
      config: { access: { public: 'inclusion proof: hashes only' } },
      schema: {
        security: [],
        querystring: {
          type: 'object',
          required: ['index', 'size'],
          properties: { index: SIZE, size: SIZE },
        },
      },
    },
    async (request) => ({
      index: request.query.index,
      size: request.query.size,
      hashes: b64(await logInclusionProof(database.db, request.query.index, request.query.size)),
    }),
  );
  app.get<{ Querystring: { from: number; to: number } }>(
    '/v1/log/proof/consistency',
    {
      config: { access: { public: 'consistency proof: hashes only' } },
      schema: {
        security: [],
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          properties: { from: SIZE, to: SIZE },
        },
      },
    },
    async (request) => ({
      from: request.query.from,
      to: request.query.to,
      hashes: b64(await logConsistencyProof(database.db, request.query.from, request.query.to)),
    }),
  );
}
