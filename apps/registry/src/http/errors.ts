import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isMlsecError, snippet } from '@mlsec/core';

/** HTTP status of an MlsecError code: by suffix, so new codes of a known shape map without a table edit. */
export function statusOf(code: string): number {
  if (code === 'REGISTRY_AUTH_REQUIRED' || code === 'REGISTRY_AUTH_INVALID') return 401;
  if (code === 'REGISTRY_ACCESS_DENIED') return 403;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (
    code.endsWith('_EXISTS') ||
    code.endsWith('_CONFLICT') ||
    code.endsWith('_NOT_READY') ||
    code === 'REGISTRY_LAST_ADMIN'
  )
    return 409;
  if (code.endsWith('_TOO_LARGE')) return 413;
  if (code === 'REGISTRY_GATE_REFUSED') return 422;
  if (
    code.endsWith('_INVALID') ||
    code.endsWith('_MISMATCH') ||
    code.endsWith('_RANGE') ||
    code === 'CLI_USAGE'
  )
    return 400;
  return 500;
}

/** The one error body of the API: a stable code a client can search for, and one sentence. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/**
 * Every error leaves the server as `{ error: { code, message } }`: MlsecErrors with their code and
 * status; fastify's own (validation, body too large, rate limit) with theirs; anything else as a 500
 * CORE_INTERNAL with no detail (the log has it). Stack traces never reach a client.
 */
export function replyError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // A stream that fails before its first byte (a blob that no longer matches its digest) has already
  // put the route's octet-stream type on the raw response, where fastify would keep it.
  reply.type('application/json; charset=utf-8');
  // Nor may the error carry the file's length and digest, which describe bytes it is not sending.
  reply.removeHeader('content-length');
  reply.removeHeader('x-content-sha256');
  if (isMlsecError(error)) {
    const status = statusOf(error.code);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ error: { code: error.code, message: error.message } });
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = status === 429 ? 'REGISTRY_RATE_LIMITED' : 'REGISTRY_REQUEST_INVALID';
    return reply.code(status).send({ error: { code, message: snippet(error.message, 300) } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .code(500)
    .send({ error: { code: 'CORE_INTERNAL', message: 'internal error; see the server log' } });
}
