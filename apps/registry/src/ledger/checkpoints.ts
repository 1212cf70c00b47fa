import type { Kysely } from 'kysely';
import { logSize } from '../db/log-append.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { signCheckpoint } from '../tlog/index.ts';
import type { NoteSigner } from '../tlog/index.ts';
import { logRoot } from './proofs.ts';

export interface PublishedCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  /** The C2SP signed note. */
  readonly note: string;
  /** False when the latest stored checkpoint already covered this size (nothing new was signed). */
  readonly fresh: boolean;
}

/**
 * Sign and store a checkpoint of the log as it is now (C2SP tlog-checkpoint, the log's origin as its
 * first line). Roots are computed from stored subtrees, which never change once written, so two
 * checkpoints this registry signs are always consistent. A size already checkpointed is not signed again.
 */
export async function publishCheckpoint(
  db: Kysely<RegistrySchema>,
  signer: NoteSigner,
  origin: string,
  now: () => Date = () => new Date(),
): Promise<PublishedCheckpoint> {
  const size = await logSize(db);
  const latest = await db
    .selectFrom('checkpoints')
    .select(['tree_size', 'root_hash', 'note'])
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest !== undefined && latest.tree_size === size) {
    return { size, root: new Uint8Array(latest.root_hash), note: latest.note, fresh: false };
  }
  const root = await logRoot(db, size);
  const note = signCheckpoint({ origin, size, root, extensions: [] }, [signer]);
  await db
    .insertInto('checkpoints')
    .values({ tree_size: size, root_hash: root, note, at: now().toISOString() })
    .execute();
  return { size, root, note, fresh: true };
}

/** The latest stored checkpoint, or undefined before the first. */
export async function latestCheckpoint(
  db: Kysely<RegistrySchema>,
): Promise<{ readonly size: number; readonly note: string } | undefined> {
  const row = await db
    .selectFrom('checkpoints')
    .select(['tree_size', 'note'])
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { size: row.tree_size, note: row.note };
}
