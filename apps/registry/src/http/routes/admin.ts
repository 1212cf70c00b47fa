import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { MlsecError } from '@mlsec/core';
import { NAME_PATTERN } from '../../names.ts';
import { requireAccess } from '../../access/authorize.ts';
import { namespaceMatches } from '../../access/principal.ts';
import { isRole } from '../../access/roles.ts';
import {
  createNamespace,
  createToken,
  DbTokenStore,
  grantRole,
  revokeRole,
  revokeToken,
} from '../../access-db/index.ts';
import type { RegistryDatabase } from '../../db/open-database.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { MAX_POLICY_BYTES, requireGatePolicy } from '../../gates/index.ts';
import { appendEvent } from '../../ledger/append-event.ts';
import { userOf } from './context.ts';

const NAME = { type: 'string', pattern: NAME_PATTERN } as const;
const NS_PARAMS = {
  type: 'object',
  required: ['namespace'],
  properties: { namespace: NAME },
} as const;
const DAY_MS = 86_400_000;
/** A token's public id: the 12 base64url characters after `mlsr_` (token-format.ts). */
const TOKEN_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{12}$' } as const;

/**
 * Administration of a namespace: create it, set its gate policy, grant and revoke roles, mint and
 * revoke API tokens. Each is an `admin` action in the namespace (a registry-wide admin holds it on
 * `*`), and each change is logged with the state it changes.
 */
export function registerAdminRoutes(app: FastifyInstance, database: RegistryDatabase): void {
  for (const type of ['text/yaml', 'application/yaml', 'application/x-yaml']) {
    app.addContentTypeParser(
      type,
      { parseAs: 'string', bodyLimit: MAX_POLICY_BYTES },
      (_request, body, done) => done(null, body),
    );
  }

  app.put<{ Params: { namespace: string }; Body: { public?: boolean } | undefined }>(
    '/v1/:namespace',
    {
      config: { access: { action: 'grant' } },
      schema: {
        params: NS_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { public: { type: 'boolean' } },
        },
      },
    },
    async (request, reply) => {
      const actor = userOf(request.principal).name;
      const open = request.body?.public === true;
      await createNamespace(database, { actor, name: request.params.namespace, public: open });
      return reply.code(201).send({ namespace: request.params.namespace, public: open });
    },
  );

  app.put<{ Params: { namespace: string }; Body: string }>(
    '/v1/:namespace/policy',
    { config: { access: { action: 'policy-set' } }, schema: { params: NS_PARAMS } },
    async (request) => {
      const actor = userOf(request.principal).name;
      if (typeof request.body !== 'string') {
        throw new MlsecError('REGISTRY_REQUEST_INVALID', 'send the policy as text/yaml');
      }
      requireGatePolicy(request.body, 'the gate policy');
      const policySha256 = createHash('sha256').update(request.body).digest('hex');
      await writeTransaction(database, async (trx) => {
        const updated = await trx
          .updateTable('namespaces')
          .set({ gate_policy: request.body })
          .where('name', '=', request.params.namespace)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n)
          throw new MlsecError('REGISTRY_NOT_FOUND', 'no such namespace');
        await appendEvent(trx, {
          kind: 'policy_changed',
          namespace: request.params.namespace,
          policySha256,
          by: actor,
          at: new Date().toISOString(),
        });
      });
      return { namespace: request.params.namespace, policySha256 };
    },
  );

  app.post<{
    Params: { namespace: string };
    Body: { principal: string; role: string; revoke?: boolean };
  }>(
    '/v1/:namespace/grants',
    {
      config: { access: { action: 'grant' } },
      schema: {
        params: NS_PARAMS,
        body: {
          type: 'object',
          required: ['principal', 'role'],
          additionalProperties: false,
          properties: {
            principal: { type: 'string', minLength: 1, maxLength: 256 },
            role: { type: 'string' },
            revoke: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => {
      const actor = userOf(request.principal).name;
      const { principal, role, revoke } = request.body;
      if (!isRole(role))
        throw new MlsecError(
          'REGISTRY_REQUEST_INVALID',
          'role is reader, publisher, approver or admin',
        );
      const change = { actor, namespace: request.params.namespace, principal, role };
      const changed =
        revoke === true ? await revokeRole(database, change) : await grantRole(database, change);
      return {
        namespace: request.params.namespace,
        principal,
        role,
        granted: revoke !== true,
        changed,
      };
    },
  );

  app.post<{
    Params: { namespace: string };
    Body: { principal: string; roles: string[]; days?: number };
  }>(
    '/v1/:namespace/tokens',
    {
      config: { access: { action: 'token-create' } },
      schema: {
        params: NS_PARAMS,
        body: {
          type: 'object',
          required: ['principal', 'roles'],
          additionalProperties: false,
          properties: {
            principal: { type: 'string', minLength: 1, maxLength: 256 },
            roles: { type: 'array', minItems: 1, maxItems: 4, items: { type: 'string' } },
            days: { type: 'integer', minimum: 1, maximum: 366 },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = userOf(request.principal).name;
      const roles = request.body.roles;
      if (!roles.every(isRole))
        throw new MlsecError(
          'REGISTRY_REQUEST_INVALID',
          'roles are reader, publisher, approver or admin',
        );
      const created = await createToken(database, {
        actor,
        principal: request.body.principal,
        scope: roles.map((role) => ({ namespace: request.params.namespace, role })),
        lifetimeMs: (request.body.days ?? 30) * DAY_MS,
      });
      // The secret is in this response only; it is stored as its SHA-256.
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          token: created.token,
          id: created.record.id,
          expiresAt: new Date(created.record.expiresAt).toISOString(),
        });
    },
  );

  app.delete<{ Params: { namespace: string; id: string } }>(
    '/v1/:namespace/tokens/:id',
    {
      config: { access: { action: 'token-revoke' } },
      schema: {
        params: {
          type: 'object',
          required: ['namespace', 'id'],
          properties: { namespace: NAME, id: TOKEN_ID },
        },
      },
    },
    async (request) => {
      const actor = userOf(request.principal).name;
      const { namespace, id } = request.params;
      const record = await new DbTokenStore(database).findToken(id);
      // A token scoped elsewhere is not found here, so its id tells an admin of this namespace nothing.
      if (
        record === undefined ||
        !record.scope.some((g) => namespaceMatches(g.namespace, namespace))
      )
        throw new MlsecError('REGISTRY_NOT_FOUND', `no token "${id}" is scoped to this namespace`);
      // Revoking takes away what the token may do everywhere it is scoped: every namespace (or `*`) of
      // its scope must be one the caller administers.
      for (const scoped of new Set(record.scope.map((g) => g.namespace))) {
        requireAccess(request.principal, 'token-revoke', scoped, undefined);
      }
      const revoked = await revokeToken(database, { actor, tokenId: id });
      return { id, revoked };
    },
  );
}
