import { MlsecError, snippet } from '@mlsec/core';
import type { TokenRecord, TokenStore } from '../access/token-store.ts';
import { classifyDbError } from '../db/db-errors.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { liveAdminTokens, requireAdminRemains } from './last-admin.ts';
import { notFound } from './names.ts';
import { principalIdOf } from './principals.ts';
import { readerOf, writeWith } from './store-target.ts';
import type { StoreTarget } from './store-target.ts';
import { isoOf } from './times.ts';
import { scopeJson, tokenRecordOf } from './token-rows.ts';

/** How often at most `last_used_at` is rewritten for one token: it is a hint, not an audit record. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Who writes through a database-backed store: the principal name its log entries name as `by`. */
export interface DbStoreOptions {
  /** Needed for writes; a store opened without one (to authenticate, say) refuses to write. */
  readonly actor?: string;
}

/** The actor of a store's writes, or a programmer error when the store was opened read-only. */
export function actorOf(options: DbStoreOptions): string {
  if (options.actor === undefined) {
    throw new MlsecError(
      'REGISTRY_ACCESS_CONFIG_INVALID',
      'this store was opened without an actor, so it cannot log a write',
    );
  }
  return options.actor;
}

/**
 * The access area's TokenStore over `api_tokens`: only the SHA-256 of a secret is stored, every write
 * runs in a write transaction with its log entry (token_created, token_revoked), and `last_used_at`
 * (markUsed) is the one column updated without a log entry.
 *
 * @example
 *   const store = new DbTokenStore(database, { actor: 'admin' });
 *   const { token } = await createToken(store, { principal: 'ci', scope, lifetimeMs });
 */
export class DbTokenStore implements TokenStore {
  readonly #target: StoreTarget;
  readonly #options: DbStoreOptions;

  constructor(target: StoreTarget, options: DbStoreOptions = {}) {
    this.#target = target;
    this.#options = options;
  }

  /** Insert the token and log token_created; false (nothing written) when its id is taken. */
  async insertToken(record: TokenRecord): Promise<boolean> {
    const by = actorOf(this.#options);
    return writeWith(this.#target, async (trx) => {
      const principalId = await principalIdOf(trx, record.principal);
      if (principalId === undefined) throw notFound(`principal "${snippet(record.principal, 60)}"`);
      const result = await trx
        .insertInto('api_tokens')
        .values({
          id: record.id,
          secret_sha256: record.secretHash,
          principal_id: principalId,
          scope: scopeJson(record.scope),
          description: record.description,
          created_at: isoOf(record.createdAt),
          expires_at: isoOf(record.expiresAt),
          revoked_at: record.revokedAt === null ? null : isoOf(record.revokedAt),
          last_used_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      await appendEvent(trx, {
        kind: 'token_created',
        by,
        at: isoOf(record.createdAt),
        tokenId: record.id,
        principal: record.principal,
        secretSha256: record.secretHash,
        scope: record.scope.map((g) => ({ namespace: g.namespace, role: g.role })),
        expiresAt: isoOf(record.expiresAt),
      });
      return true;
    });
  }

  /** The token with this public id (revoked or not), with its principal's name. */
  async findToken(id: string): Promise<TokenRecord | undefined> {
    const row = await readerOf(this.#target)
      .selectFrom('api_tokens')
      .innerJoin('principals', 'principals.id', 'api_tokens.principal_id')
      .selectAll('api_tokens')
      .select('principals.name as principal')
      .where('api_tokens.id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : tokenRecordOf(row);
  }

  /**
   * Mark the token revoked at `at` and log token_revoked; false when unknown or already revoked.
   * REGISTRY_LAST_ADMIN, with nothing changed, when it is the last live token of an admin on `*`.
   */
  async revokeToken(id: string, at: number): Promise<boolean> {
    const by = actorOf(this.#options);
    const when = isoOf(at);
    return writeWith(this.#target, async (trx) => {
      const wasLive = (await liveAdminTokens(trx, when)).some((t) => t.id === id);
      const result = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: when })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await appendEvent(trx, { kind: 'token_revoked', by, at: when, tokenId: id });
      if (wasLive) {
        await requireAdminRemains(trx, {
          what: `revoking token "${snippet(id, 20)}"`,
          removedLive: true,
          at: when,
        });
      }
      return true;
    });
  }

  /**
   * Record that the token was used at `at` (not logged: a hint for admins, not state the log
   * implies). Rewritten at most once per LAST_USED_RESOLUTION_MS; a busy database skips it rather
   * than failing the request it belongs to.
   */
  async markUsed(id: string, at: number): Promise<void> {
    const now = isoOf(at);
    const stale = isoOf(at - LAST_USED_RESOLUTION_MS);
    try {
      await readerOf(this.#target)
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', stale)]))
        .execute();
    } catch (error) {
      if (classifyDbError(error) !== 'busy') throw error;
    }
  }
}
