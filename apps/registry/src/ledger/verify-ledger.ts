import type { Kysely } from 'kysely';
import type { BlobStore } from '../blobs/index.ts';
import { logSize } from '../db/log-append.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { decodeEntry } from '../events/codec.ts';
import type { LogEntry } from '../events/entries.ts';
import { replay } from '../events/replay.ts';
import { verifyBlobs } from './verify-blobs.ts';
import type { BlobCheckProgress } from './verify-blobs.ts';
import { compareState } from './verify-state.ts';
import type { RegistryState } from '../events/replay.ts';
import {
  MemoryHashStore,
  TreeHashes,
  hashEquals,
  leafHash,
  openCheckpoint,
} from '../tlog/index.ts';
import type { NoteVerifier } from '../tlog/index.ts';

/** One thing wrong with the stored log, naming the row (or blob) it is about. */
export interface LedgerProblem {
  /**
   * `log_entries[12]`, `tree_nodes(level 1, index 3)`, `checkpoints(size 40)`, `log_head`,
   * `model_versions(team/bert@1)`, `blobs(sha256:…)`.
   */
  readonly where: string;
  readonly message: string;
}

export interface LedgerReport {
  readonly entries: number;
  readonly checkpoints: number;
  readonly problems: readonly LedgerProblem[];
  /** The state the log implies (replayed), for comparison with the tables. */
  readonly state: RegistryState;
}

const PAGE = 1000;

/**
 * Recompute the log from its entries and check everything stored against it, trusting none of it:
 * entry indexes run 0..n-1 and match the sequencer; every body is a canonical entry whose leaf hash is
 * the one stored; every `tree_nodes` row is the recomputed subtree hash (none missing, none extra);
 * every checkpoint is signed by a trusted log key for `origin` and its root is the recomputed root at its
 * size (so all checkpoints are consistent with each other); replaying the entries raises no issue;
 * the tables (namespaces, versions and their files, aliases, grants, tokens) are exactly the state
 * the replay gives (compareState); and, given the blob store, every blob a logged version uses is
 * there and still hashes to its digest (verifyBlobs).
 * An edit of any row or blob behind the server's back shows up as a problem naming it.
 */
export async function verifyLedger(
  db: Kysely<RegistrySchema>,
  options: {
    readonly verifiers: readonly NoteVerifier[];
    readonly origin: string;
    /** Compare the tables with the replayed state too (default true; false checks the log alone). */
    readonly tables?: boolean;
    /** Re-read and re-hash every blob the logged versions use from this store (default: not done). */
    readonly blobs?: BlobStore;
    /** Progress of the blob re-hash. */
    readonly onBlobProgress?: (progress: BlobCheckProgress) => void;
  },
): Promise<LedgerReport> {
  const problems: LedgerProblem[] = [];
  const store = new MemoryHashStore();
  const tree = new TreeHashes(store);
  const entries: LogEntry[] = [];
  for (let from = 0; ; from += PAGE) {
    const rows = await db
      .selectFrom('log_entries')
      .selectAll()
      .orderBy('log_index')
      .offset(from)
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const where = `log_entries[${row.log_index}]`;
      if (row.log_index !== tree.size) {
        problems.push({
          where,
          message: `expected index ${tree.size}: an entry is missing or out of place`,
        });
      }
      const bytes = new TextEncoder().encode(row.body);
      const leaf = leafHash(bytes);
      if (!hashEquals(leaf, new Uint8Array(row.leaf_hash))) {
        problems.push({ where, message: 'the stored leaf hash is not the hash of the body' });
      }
      tree.append(leaf);
      try {
        const entry = decodeEntry(bytes);
        if (entry.kind !== row.kind)
          problems.push({ where, message: 'the kind column differs from the body' });
        entries.push(entry);
      } catch (error) {
        problems.push({ where, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (rows.length < PAGE) break;
  }
  const size = await logSize(db);
  if (size !== tree.size) {
    problems.push({
      where: 'log_head',
      message: `the sequencer says ${size} entries; ${tree.size} are stored`,
    });
  }
  const nodes = await db.selectFrom('tree_nodes').select(['level', 'node_index', 'hash']).execute();
  const seen = new Set<string>();
  for (const row of nodes) {
    const where = `tree_nodes(level ${row.level}, index ${row.node_index})`;
    seen.add(`${row.level}/${row.node_index}`);
    const width = 2 ** row.level;
    if ((row.node_index + 1) * width > tree.size) {
      problems.push({ where, message: 'a subtree beyond the end of the log' });
      continue;
    }
    const [subtree] = store.readHashes([{ level: row.level, index: row.node_index }]);
    if (subtree === undefined || !hashEquals(subtree, new Uint8Array(row.hash))) {
      problems.push({ where, message: 'the stored hash is not the recomputed subtree hash' });
    }
  }
  for (let level = 0; 2 ** level <= tree.size; level++) {
    for (let index = 0; (index + 1) * 2 ** level <= tree.size; index++) {
      if (!seen.has(`${level}/${index}`)) {
        problems.push({ where: `tree_nodes(level ${level}, index ${index})`, message: 'missing' });
      }
    }
  }
  const checkpoints = await db.selectFrom('checkpoints').selectAll().orderBy('tree_size').execute();
  for (const row of checkpoints) {
    const where = `checkpoints(size ${row.tree_size})`;
    const opened = openCheckpoint(row.note, options.verifiers, { origin: options.origin });
    if (!opened.ok) {
      problems.push({ where, message: `${opened.code}: ${opened.message}` });
      continue;
    }
    const { checkpoint } = opened.value;
    if (
      checkpoint.size !== row.tree_size ||
      !hashEquals(checkpoint.root, new Uint8Array(row.root_hash))
    ) {
      problems.push({ where, message: 'the row differs from its signed note' });
    }
    if (checkpoint.size > tree.size) {
      problems.push({ where, message: 'the checkpoint covers entries the log does not hold' });
    } else if (!hashEquals(checkpoint.root, tree.root(checkpoint.size))) {
      problems.push({
        where,
        message: 'the signed root is not the root recomputed from the entries',
      });
    }
  }
  const { state, issues } = replay(entries);
  for (const issue of issues)
    problems.push({ where: `log_entries[${issue.index}]`, message: issue.message });
  if (options.tables !== false) problems.push(...(await compareState(db, state)));
  if (options.blobs !== undefined) {
    problems.push(
      ...(await verifyBlobs(state, options.blobs, {
        ...(options.onBlobProgress === undefined ? {} : { onProgress: options.onBlobProgress }),
      })),
    );
  }
  return { entries: tree.size, checkpoints: checkpoints.length, problems, state };
}
