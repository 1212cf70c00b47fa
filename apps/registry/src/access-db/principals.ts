import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../db/schema.ts';

/** What a principal is: a person (also OIDC identities) or a service account (CI, a deploy bot). */
export type PrincipalKind = 'user' | 'service';

/** The row id of the principal called `name`, or undefined when there is none. */
export async function principalIdOf(
  db: Kysely<RegistrySchema>,
  name: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('principals')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id;
}

/**
 * The row id of principal `name`, inserting it (as `kind`, created at `at`) when it does not exist yet.
 * Call inside a write transaction. Principals are not log events: what the log records is what they
 * may do (grant_changed) and the tokens they hold (token_created).
 */
export async function ensurePrincipal(
  trx: Kysely<RegistrySchema>,
  name: string,
  kind: PrincipalKind,
  at: string,
): Promise<number> {
  const existing = await principalIdOf(trx, name);
  if (existing !== undefined) return existing;
  const row = await trx
    .insertInto('principals')
    .values({ name, kind, oidc_issuer: null, oidc_subject: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
