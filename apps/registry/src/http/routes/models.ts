import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { MlsecError } from '@mlsec/core';
import { NAME_PATTERN } from '../../names.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { appendEvent } from '../../ledger/append-event.ts';
import {
  aliasHistory,
  approve,
  GateRefusedError,
  promote,
  recordBlob,
  registerVersion,
  rollback,
} from '../../service/index.ts';
import type { RegistryContext } from './context.ts';
import { userOf } from './context.ts';
import { requireVisibleVersion } from './visibility.ts';

const NAME = { type: 'string', pattern: NAME_PATTERN } as const;
const SHA256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const MODEL_PARAMS = {
  type: 'object',
  required: ['namespace', 'model'],
  properties: { namespace: NAME, model: NAME },
} as const;
const VERSION_PARAMS = {
  type: 'object',
  required: ['namespace', 'model', 'version'],
  properties: { namespace: NAME, model: NAME, version: NAME },
} as const;
const ALIAS_PARAMS = {
  type: 'object',
  required: ['namespace', 'model', 'alias'],
  properties: { namespace: NAME, model: NAME, alias: NAME },
} as const;

interface ModelParams {
  namespace: string;
  model: string;
}
type VersionParams = ModelParams & { version: string };
type AliasParams = ModelParams & { alias: string };

/**
 * The model routes under /v1/:namespace: blob upload (streamed, hashed, never buffered), version
 * registration, manifest and file download (every download logged), promotion through the gates,
 * approvals, rollback and alias history. Each declares the access action that authorises it.
 */
export function registerModelRoutes(app: FastifyInstance, ctx: RegistryContext): void {
  // Blob bodies are streamed straight to the store: no parsing, no buffering, no body limit here
  // (the store enforces maxBlobBytes while it hashes).
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
    done(null, payload),
  );

  app.put<{ Params: { namespace: string; sha256: string } }>(
    '/v1/:namespace/blobs/:sha256',
    {
      config: { access: { action: 'push' } },
      schema: {
        params: {
          type: 'object',
          required: ['namespace', 'sha256'],
          properties: { namespace: NAME, sha256: SHA256 },
        },
      },
    },
    async (request, reply) => {
      const stored = await ctx.blobs.put(request.body as Readable, {
        maxBytes: ctx.maxBlobBytes,
        expectedSha256: request.params.sha256,
      });
      await recordBlob(ctx.database, request.params.namespace, {
        sha256: stored.sha256,
        size: stored.size,
        encrypted: false,
      });
      return reply
        .code(stored.created ? 201 : 200)
        .send({ sha256: stored.sha256, size: stored.size });
    },
  );

  app.post<{
    Params: ModelParams;
    Body: {
      version: string;
      files: { path: string; sha256: string; size: number }[];
      signatureBundle?: string;
      provenance?: string;
      metrics?: Record<string, number>;
    };
  }>(
    '/v1/:namespace/models/:model/versions',
    {
      config: { access: { action: 'push' } },
      schema: {
        params: MODEL_PARAMS,
        body: {
          type: 'object',
          required: ['version', 'files'],
          additionalProperties: false,
          properties: {
            version: NAME,
            files: {
              type: 'array',
              minItems: 1,
              maxItems: 10000,
              items: {
                type: 'object',
                required: ['path', 'sha256', 'size'],
                additionalProperties: false,
                properties: {
                  path: { type: 'string', maxLength: 1024 },
                  sha256: SHA256,
                  size: { type: 'integer', minimum: 0 },
                },
              },
            },
            signatureBundle: { type: 'string', maxLength: 1_000_000 },
            provenance: { type: 'string', maxLength: 1_000_000 },
            metrics: { type: 'object', additionalProperties: { type: 'number' } },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = await ctx.actorOf(userOf(request.principal));
      const ref = {
        namespace: request.params.namespace,
        model: request.params.model,
        version: request.body.version,
      };
      const { manifestSha256 } = await registerVersion(
        ctx.database,
        actor,
        {
          ...ref,
          files: request.body.files,
          ...(request.body.signatureBundle === undefined
            ? {}
            : { signatureBundle: request.body.signatureBundle }),
          ...(request.body.provenance === undefined ? {} : { provenance: request.body.provenance }),
          ...(request.body.metrics === undefined ? {} : { metrics: request.body.metrics }),
        },
        new Date(),
        (trx, registered) => ctx.enqueueChecks(trx, registered),
      );
      await ctx.afterRegister?.(ref);
      return reply.code(201).send({ ...ref, manifestSha256, status: 'pending' });
    },
  );

  app.get<{ Params: VersionParams }>(
    '/v1/:namespace/models/:model/versions/:version',
    { config: { access: { action: 'pull' } }, schema: { params: VERSION_PARAMS } },
    async (request) => {
      const { namespace, model, version } = request.params;
      const row = await ctx.database.db
        .selectFrom('model_versions as v')
        .innerJoin('models as m', 'm.id', 'v.model_id')
        .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
        .select([
          'v.id',
          'v.status',
          'v.status_message',
          'v.manifest_digest',
          'v.signature_bundle',
          'v.scan_summary',
          'v.created_at',
        ])
        .where('n.name', '=', namespace)
        .where('m.name', '=', model)
        .where('v.version', '=', version)
        .executeTakeFirst();
      if (row === undefined) throw new MlsecError('REGISTRY_NOT_FOUND', 'no such version');
      requireVisibleVersion(request.principal, namespace, row.status, 'no such version');
      const files = await ctx.database.db
        .selectFrom('version_files')
        .select(['path', 'sha256', 'size'])
        .where('version_id', '=', row.id)
        .orderBy('path')
        .execute();
      return {
        namespace,
        model,
        version,
        status: row.status,
        statusMessage: row.status_message,
        manifestSha256: row.manifest_digest,
        signatureBundle: row.signature_bundle,
        // What the upload checks recorded for the gates: scan findings, signature and provenance verdicts.
        checks: row.scan_summary === null ? null : (JSON.parse(row.scan_summary) as unknown),
        createdAt: row.created_at,
        files,
      };
    },
  );

  app.get<{ Params: VersionParams & { '*': string } }>(
    '/v1/:namespace/models/:model/versions/:version/files/*',
    { config: { access: { action: 'pull' } } },
    async (request, reply) => {
      const { namespace, model, version } = request.params;
      const path = request.params['*'];
      const file = await ctx.database.db
        .selectFrom('version_files as f')
        .innerJoin('model_versions as v', 'v.id', 'f.version_id')
        .innerJoin('models as m', 'm.id', 'v.model_id')
        .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
        .select(['f.sha256', 'f.size', 'v.status'])
        .where('n.name', '=', namespace)
        .where('m.name', '=', model)
        .where('v.version', '=', version)
        .where('f.path', '=', path)
        .executeTakeFirst();
      if (file === undefined)
        throw new MlsecError('REGISTRY_NOT_FOUND', 'no such file in the version');
      requireVisibleVersion(
        request.principal,
        namespace,
        file.status,
        'no such file in the version',
      );
      if (file.status !== 'ready')
        throw new MlsecError('REGISTRY_VERSION_NOT_READY', `the version is ${file.status}`);
      if (request.method === 'HEAD') {
        // Metadata only: no bytes leave, so nothing is logged or counted as a pull.
        return reply
          .type('application/octet-stream')
          .header('content-length', file.size)
          .header('x-content-sha256', file.sha256)
          .send();
      }
      const who = request.principal.kind === 'user' ? request.principal.name : 'anonymous';
      const alert = await writeTransaction(ctx.database, async (trx) => {
        const at = new Date().toISOString();
        await appendEvent(trx, {
          kind: 'model_pulled',
          namespace,
          model,
          version,
          bytes: file.size,
          by: who,
          at,
        });
        const raised = await ctx.onPull?.(trx, who, file.size);
        // The exfiltration signal, in the log with the pull that crossed the line.
        if (raised !== undefined) {
          await appendEvent(trx, {
            kind: 'pull_volume_alert',
            by: who,
            at,
            reason: raised.reason,
            windowBytes: raised.windowBytes,
            thresholdBytes: Math.ceil(raised.thresholdBytes),
          });
        }
        return raised;
      });
      if (alert !== undefined) request.log.warn({ alert }, alert.message);
      const stream = await ctx.blobs.get(file.sha256);
      return reply
        .type('application/octet-stream')
        .header('content-length', file.size)
        .header('x-content-sha256', file.sha256)
        .send(stream);
    },
  );

  app.post<{ Params: AliasParams; Body: { version: string; reason: string } }>(
    '/v1/:namespace/models/:model/aliases/:alias',
    {
      config: { access: { action: 'promote' } },
      schema: {
        params: ALIAS_PARAMS,
        body: {
          type: 'object',
          required: ['version', 'reason'],
          additionalProperties: false,
          properties: { version: NAME, reason: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
      },
    },
    async (request, reply) => {
      const actor = await ctx.actorOf(userOf(request.principal));
      try {
        const moved = await promote(
          ctx.database,
          actor,
          { ...request.params, version: request.body.version, reason: request.body.reason },
          ctx.isApprover,
        );
        return {
          alias: request.params.alias,
          from: moved.from,
          to: request.body.version,
          gates: moved.decision?.results ?? [],
        };
      } catch (error) {
        if (!(error instanceof GateRefusedError)) throw error;
        return reply.code(422).send({
          error: { code: error.code, message: error.message },
          gates: error.decision.results,
        });
      }
    },
  );

  app.post<{ Params: AliasParams; Body: { reason: string } }>(
    '/v1/:namespace/models/:model/aliases/:alias/rollback',
    {
      config: { access: { action: 'rollback' } },
      schema: {
        params: ALIAS_PARAMS,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
      },
    },
    async (request) => {
      const actor = await ctx.actorOf(userOf(request.principal));
      const moved = await rollback(ctx.database, actor, {
        ...request.params,
        reason: request.body.reason,
      });
      return { alias: request.params.alias, ...moved };
    },
  );

  app.post<{ Params: VersionParams; Body: { alias: string } }>(
    '/v1/:namespace/models/:model/versions/:version/approvals',
    {
      config: { access: { action: 'approve' } },
      schema: {
        params: VERSION_PARAMS,
        body: {
          type: 'object',
          required: ['alias'],
          additionalProperties: false,
          properties: { alias: NAME },
        },
      },
    },
    async (request, reply) => {
      const actor = await ctx.actorOf(userOf(request.principal));
      await approve(ctx.database, actor, { ...request.params, alias: request.body.alias });
      return reply.code(201).send({ approved: true, by: actor.name });
    },
  );

  app.get<{ Params: AliasParams; Querystring: { at?: string } }>(
    '/v1/:namespace/models/:model/aliases/:alias/history',
    {
      config: { access: { action: 'history' } },
      schema: {
        params: ALIAS_PARAMS,
        querystring: {
          type: 'object',
          properties: { at: { type: 'string', format: 'date-time' } },
        },
      },
    },
    async (request) => {
      const { namespace, model, alias } = request.params;
      const moves = await aliasHistory(ctx.database.db, namespace, model, alias);
      if (moves.length === 0) throw new MlsecError('REGISTRY_NOT_FOUND', 'no such alias');
      const at =
        request.query.at === undefined ? undefined : new Date(request.query.at).toISOString();
      const target =
        at === undefined ? moves.at(-1)?.to : (moves.filter((m) => m.at <= at).at(-1)?.to ?? null);
      return { alias, target, ...(at === undefined ? {} : { at }), moves };
    },
  );
}
