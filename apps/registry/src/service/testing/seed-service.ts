import type { RegistryDatabase } from '../../db/open-database.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { appendEvent } from '../../ledger/append-event.ts';

// Test helpers: principals and namespaces as the access stores would leave them, logged where the log
// records them, so verifyLedger stays clean in the suites that use them.

/** Insert user principals; returns each name's row id. */
export async function addPrincipals(
  database: RegistryDatabase,
  names: readonly string[],
  at: string = new Date().toISOString(),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const name of names) {
    const row = await database.db
      .insertInto('principals')
      .values({ name, kind: 'user', oidc_issuer: null, oidc_subject: null, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(name, row.id);
  }
  return ids;
}

/**
 * Create a namespace, private unless `public` is set, with an optional gate policy, and its
 * namespace_created log entry.
 */
export async function addNamespace(
  database: RegistryDatabase,
  name: string,
  options: {
    readonly policy?: string;
    readonly by?: string;
    readonly at?: string;
    readonly public?: boolean;
  } = {},
): Promise<void> {
  const at = options.at ?? new Date().toISOString();
  const open = options.public === true;
  await writeTransaction(database, async (trx) => {
    await trx
      .insertInto('namespaces')
      .values({ name, public: open ? 1 : 0, gate_policy: options.policy ?? null, created_at: at })
      .execute();
    await appendEvent(trx, {
      kind: 'namespace_created',
      namespace: name,
      public: open,
      by: options.by ?? 'admin',
      at,
    });
  });
}
