import { MlsecError, snippet } from '@mlsec/core';
import { createToken as mintToken } from '../access/tokens.ts';
import type { CreateTokenOptions, CreatedToken } from '../access/tokens.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { DbTokenStore } from './db-token-store.ts';
import { checkPrincipalName, notFound } from './names.ts';
import { requireGrantNamespace } from './namespaces.ts';
import { principalIdOf } from './principals.ts';
import { writeWith } from './store-target.ts';
import type { StoreTarget } from './store-target.ts';

/** A token to mint: the access area's options plus who is minting it (logged as `by`). */
export interface NewToken extends CreateTokenOptions {
  readonly actor: string;
}

/**
 * Mint an API token for an existing principal and store it with its token_created log entry, in one
 * transaction. The secret is in the result only: the table and the log hold its SHA-256. Every scope
 * entry must name `*` or an existing namespace; the principal must exist (REGISTRY_NOT_FOUND), and
 * scope and lifetime are checked by the access area (REGISTRY_ACCESS_CONFIG_INVALID).
 *
 * @example
 *   const { token } = await createToken(database, { actor: 'admin', principal: 'ci',
 *     scope: [{ namespace: 'vision', role: 'publisher' }], lifetimeMs: 30 * 86_400_000 });
 */
export async function createToken(target: StoreTarget, options: NewToken): Promise<CreatedToken> {
  const principal = checkPrincipalName(options.principal);
  return writeWith(target, async (trx) => {
    if ((await principalIdOf(trx, principal)) === undefined) {
      throw notFound(`principal "${snippet(principal, 60)}"`);
    }
    for (const namespace of new Set(options.scope.map((g) => g.namespace))) {
      await requireGrantNamespace(trx, namespace);
    }
    // Separation of duties: a namespace admin who could mint an approver's token could approve as
    // them. Tokens that approve or administer, for someone else, come from a registry-wide admin.
    const powerful = options.scope.some((g) => g.role === 'approver' || g.role === 'admin');
    if (powerful && principal !== options.actor) {
      const grants = await new DbGrantStore({ transaction: trx }).grantsOf(options.actor);
      if (!grants.some((g) => g.namespace === '*' && g.role === 'admin')) {
        throw new MlsecError(
          'REGISTRY_ACCESS_DENIED',
          'only a registry-wide admin (admin on *) may mint an approver or admin token for another ' +
            'principal: a namespace admin could otherwise approve in their name',
        );
      }
    }
    const { actor, ...rest } = options;
    return mintToken(new DbTokenStore({ transaction: trx }, { actor }), rest);
  });
}

/** A token to revoke, by its public id (the 12 characters after `mlsr_`). */
export interface TokenRevocation {
  readonly actor: string;
  readonly tokenId: string;
  readonly now?: number;
}

/**
 * Revoke a token (from the next request on) and log token_revoked in the same transaction. Returns
 * false, with nothing logged, when it was already revoked; REGISTRY_NOT_FOUND for an unknown id.
 */
export async function revokeToken(
  target: StoreTarget,
  revocation: TokenRevocation,
): Promise<boolean> {
  return writeWith(target, async (trx) => {
    const store = new DbTokenStore({ transaction: trx }, { actor: revocation.actor });
    if (await store.revokeToken(revocation.tokenId, revocation.now ?? Date.now())) return true;
    if ((await store.findToken(revocation.tokenId)) === undefined) {
      throw notFound(`token "${snippet(revocation.tokenId, 20)}"`);
    }
    return false;
  });
}
