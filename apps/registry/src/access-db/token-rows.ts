import { MlsecError } from '@mlsec/core';
import type { Selectable } from 'kysely';
import type { Grant } from '../access/principal.ts';
import { isRole } from '../access/roles.ts';
import type { TokenRecord } from '../access/token-store.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import { msOf } from './times.ts';

/** Most entries a stored scope may list (far above what any token needs). */
const MAX_SCOPE_ENTRIES = 1000;

/** A token scope as stored in `api_tokens.scope`: a JSON array of `{namespace, role}`. */
export function scopeJson(scope: readonly Grant[]): string {
  return JSON.stringify(scope.map((g) => ({ namespace: g.namespace, role: g.role })));
}

function rowInvalid(what: string): MlsecError {
  return new MlsecError('REGISTRY_DB_ROW_INVALID', `api_tokens: ${what}`);
}

/**
 * Parse a stored scope strictly: an array of objects with exactly a non-empty string `namespace` and a
 * known `role`. Anything else was not written by the registry, so the token is refused as a whole
 * (REGISTRY_DB_ROW_INVALID) rather than read with a guessed scope.
 */
export function parseScope(text: string): readonly Grant[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw rowInvalid('a token scope is not JSON');
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SCOPE_ENTRIES) {
    throw rowInvalid('a token scope is not a list of 1 to 1000 grants');
  }
  return value.map((item: unknown): Grant => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw rowInvalid('a token scope entry is not an object');
    }
    const keys = Object.keys(item).sort();
    const { namespace, role } = item as Record<string, unknown>;
    if (
      keys.join() !== 'namespace,role' ||
      typeof namespace !== 'string' ||
      namespace.length === 0 ||
      !isRole(role)
    ) {
      throw rowInvalid('a token scope entry is not {namespace, role}');
    }
    return { namespace, role };
  });
}

/** A stored token row, with its principal's name, as the access area's TokenRecord. */
export function tokenRecordOf(
  row: Selectable<ApiTokensTable> & { readonly principal: string },
): TokenRecord {
  return {
    id: row.id,
    secretHash: row.secret_sha256,
    principal: row.principal,
    scope: parseScope(row.scope),
    description: row.description,
    createdAt: msOf(row.created_at),
    expiresAt: msOf(row.expires_at),
    revokedAt: row.revoked_at === null ? null : msOf(row.revoked_at),
  };
}
