import { MlsecError } from '@mlsec/core';
import { sql } from 'kysely';
import { ANY_NAMESPACE } from '../access/principal.ts';
import { createToken as mintToken } from '../access/tokens.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { DbGrantStore } from './db-grant-store.ts';
import { DbTokenStore } from './db-token-store.ts';
import { checkPrincipalName } from './names.ts';
import { ensurePrincipal } from './principals.ts';
import { isoOf } from './times.ts';

/** Lifetime of init's admin token unless told otherwise: long enough to set up, short enough to lapse. */
export const INIT_TOKEN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** How to initialise. */
export interface InitOptions {
  /** The first admin's principal name (no default: there are no default credentials). */
  readonly adminName: string;
  /** Lifetime of the admin token (default INIT_TOKEN_LIFETIME_MS, at most a year). */
  readonly tokenLifetimeMs?: number;
  readonly now?: number;
  /** Source of randomness for the token (tests). */
  readonly random?: (size: number) => Uint8Array;
}

/** What init made. `token` is the admin's secret: show it once; it is stored only as a SHA-256. */
export interface InitResult {
  readonly adminName: string;
  readonly token: string;
  readonly tokenId: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * Set up a new registry database: migrate it, then in one transaction create the admin principal, give
 * it `admin` on every namespace (`*`) and mint its API token, each change with its log entry. Refuses
 * with REGISTRY_ALREADY_INITIALISED when the database already has any principal, so it cannot be used
 * to mint a second admin. Concurrent inits are serialised (the log sequencer's row lock on PostgreSQL,
 * BEGIN IMMEDIATE on SQLite): exactly one succeeds.
 *
 * @example
 *   const { token } = await initRegistry(database, { adminName: 'alice' });
 *   process.stdout.write(`admin token (shown once): ${token}\n`);
 */
export async function initRegistry(
  database: RegistryDatabase,
  options: InitOptions,
): Promise<InitResult> {
  const adminName = checkPrincipalName(options.adminName);
  const now = options.now ?? Date.now();
  const at = isoOf(now);
  await migrateToLatest(database);
  return writeTransaction(database, async (trx) => {
    if (database.engine === 'postgres') {
      await sql`select size from log_head where id = 1 for update`.execute(trx);
    }
    const existing = await trx
      .selectFrom('principals')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(existing.count) > 0) {
      throw new MlsecError(
        'REGISTRY_ALREADY_INITIALISED',
        'the registry already has principals; init runs once (use an admin token to add more)',
      );
    }
    await ensurePrincipal(trx, adminName, 'user', at);
    const target = { transaction: trx };
    const actor = { actor: adminName };
    await new DbGrantStore(target, actor).grant({
      namespace: ANY_NAMESPACE,
      principal: adminName,
      role: 'admin',
      at,
    });
    const { token, record } = await mintToken(new DbTokenStore(target, actor), {
      principal: adminName,
      scope: [{ namespace: ANY_NAMESPACE, role: 'admin' }],
      lifetimeMs: options.tokenLifetimeMs ?? INIT_TOKEN_LIFETIME_MS,
      description: 'created by registry init',
      now,
      ...(options.random === undefined ? {} : { random: options.random }),
    });
    return { adminName, token, tokenId: record.id, expiresAt: record.expiresAt };
  });
}
