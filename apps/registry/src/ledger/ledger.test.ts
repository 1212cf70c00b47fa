import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { createTestDatabase, TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { encodeEntry } from '../events/codec.ts';
import type { LogEntry } from '../events/entries.ts';
import { keyOf } from '../events/replay.ts';
import {
  MemoryHashStore,
  TreeHashes,
  generateNoteKey,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '../tlog/index.ts';
import type { NoteVerifier } from '../tlog/index.ts';
import { appendEvent } from './append-event.ts';
import { publishCheckpoint } from './checkpoints.ts';
import { logConsistencyProof, logInclusionProof, logRoot } from './proofs.ts';
import { verifyLedger } from './verify-ledger.ts';

const ORIGIN = 'registry.test/log';
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
let clock = Date.parse('2026-11-01T00:00:00.000Z');
const at = (): string => new Date((clock += 1000)).toISOString();

/** A valid history: a namespace, then versions registered and made ready, an alias moved along. */
function history(count: number): LogEntry[] {
  const out: LogEntry[] = [
    { kind: 'namespace_created', namespace: 'team', public: false, by: 'admin', at: at() },
  ];
  let production: string | null = null;
  for (let v = 1; out.length < count; v++) {
    const version = String(v);
    out.push({
      kind: 'version_registered',
      namespace: 'team',
      model: 'bert',
      version,
      manifestSha256: sha(`manifest ${v}`),
      files: [{ path: 'model.safetensors', sha256: sha(`w${v}`), size: 100 + v }],
      signatureSha256: null,
      provenanceSha256: null,
      by: 'ci',
      at: at(),
    });
    out.push({
      kind: 'version_ready',
      namespace: 'team',
      model: 'bert',
      version,
      detail: 'ok',
      by: 'registry',
      at: at(),
    });
    out.push({
      kind: 'alias_moved',
      namespace: 'team',
      model: 'bert',
      alias: 'production',
      from: production,
      to: version,
      reason: 'ship',
      rollback: false,
      by: 'rel',
      at: at(),
    });
    production = version;
  }
  return out.slice(0, count);
}

const ENTRIES = history(37);
const key = generateNoteKey(ORIGIN);
const verifier = (): NoteVerifier => {
  const parsed = parseVerifierKey(key.verifierKey);
  assert.ok(parsed.ok);
  return parsed.value;
};

for (const engine of TEST_ENGINES) {
  describe(`the ledger on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    const memory = new TreeHashes(new MemoryHashStore());
    before(async () => {
      target = await createTestDatabase(engine, 'ledger');
      database = await target.open();
      await migrateToLatest(database);
      for (const [i, entry] of ENTRIES.entries()) {
        const appended = await writeTransaction(database, (trx) => appendEvent(trx, entry));
        assert.equal(appended.index, i);
        memory.append(leafHash(encodeEntry(entry)));
        // A checkpoint now and then, as a server would publish them.
        if (i % 10 === 9) await publishCheckpoint(database.db, key.signer, ORIGIN);
      }
      await publishCheckpoint(database.db, key.signer, ORIGIN);
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('keeps the same Merkle tree as the in-memory one, for every size', async () => {
      for (let n = 0; n <= ENTRIES.length; n++) {
        assert.equal(hex(await logRoot(database.db, n)), hex(memory.root(n)), `root of ${n}`);
      }
    });

    it('serves inclusion and consistency proofs that verify against its roots', async () => {
      for (const [m, n] of [
        [0, 1],
        [5, 12],
        [36, 37],
        [16, 33],
        [0, 37],
      ] as const) {
        const proof = await logInclusionProof(database.db, m, n);
        const check = verifyInclusion(
          m,
          n,
          memory.leafHash(m),
          proof,
          await logRoot(database.db, n),
        );
        assert.deepEqual(check, { ok: true }, `inclusion ${m} in ${n}`);
      }
      for (const [m, n] of [
        [1, 37],
        [10, 20],
        [16, 32],
        [30, 37],
        [37, 37],
      ] as const) {
        const proof = await logConsistencyProof(database.db, m, n);
        const check = verifyConsistency(
          m,
          n,
          await logRoot(database.db, m),
          await logRoot(database.db, n),
          proof,
        );
        assert.deepEqual(check, { ok: true }, `consistency ${m} to ${n}`);
      }
    });

    it('signs checkpoints that open with the log key and state the root', async () => {
      const latest = await publishCheckpoint(database.db, key.signer, ORIGIN);
      assert.equal(latest.fresh, false, 'the same size is not signed twice');
      const opened = openCheckpoint(latest.note, [verifier()], { origin: ORIGIN });
      assert.ok(opened.ok);
      assert.equal(opened.value.checkpoint.size, ENTRIES.length);
      assert.equal(hex(opened.value.checkpoint.root), hex(memory.root()));
    });

    it('rolls the log back with the transaction that failed', async () => {
      await assert.rejects(
        writeTransaction(database, async (trx) => {
          await appendEvent(trx, {
            kind: 'namespace_created',
            namespace: 'x',
            public: false,
            by: 'a',
            at: at(),
          });
          throw new Error('the state change failed after its log entry');
        }),
        /the state change failed/,
      );
      const report = await verifyLedger(database.db, {
        verifiers: [verifier()],
        origin: ORIGIN,
        tables: false,
      });
      assert.equal(report.entries, ENTRIES.length);
    });

    it('verifies clean, with the state the log implies', async () => {
      const report = await verifyLedger(database.db, {
        verifiers: [verifier()],
        origin: ORIGIN,
        tables: false,
      });
      assert.deepEqual(report.problems, []);
      assert.equal(report.entries, ENTRIES.length);
      assert.equal(report.checkpoints, 4);
      assert.equal(report.state.aliases.get(keyOf('team', 'bert', 'production'))?.target, '12');
    });

    it('names every row edited behind its back (triggers dropped by a DB owner)', async () => {
      const raw = (text: string) => sql.raw(text).execute(database.db);
      if (engine === 'sqlite') {
        for (const table of ['log_entries', 'tree_nodes', 'checkpoints'])
          await raw(`drop trigger ${table}_no_update`);
      } else {
        for (const table of ['log_entries', 'tree_nodes', 'checkpoints'])
          await raw(`alter table ${table} disable trigger user`);
      }
      // An alias move rewritten to point somewhere else, a subtree hash, and a checkpoint's root.
      const moved = await database.db
        .selectFrom('log_entries')
        .select(['log_index', 'body'])
        .where('kind', '=', 'alias_moved')
        .orderBy('log_index', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable('log_entries')
        .set({ body: moved.body.replace('"to":"12"', '"to":"11"') })
        .where('log_index', '=', moved.log_index)
        .execute();
      await database.db
        .updateTable('tree_nodes')
        .set({ hash: new Uint8Array(32) })
        .where('level', '=', 2)
        .where('node_index', '=', 1)
        .execute();
      await database.db
        .updateTable('checkpoints')
        .set({ root_hash: new Uint8Array(32).fill(7) })
        .where('tree_size', '=', 10)
        .execute();
      const report = await verifyLedger(database.db, {
        verifiers: [verifier()],
        origin: ORIGIN,
        tables: false,
      });
      const where = report.problems.map((p) => p.where);
      assert.ok(where.includes(`log_entries[${moved.log_index}]`), JSON.stringify(report.problems));
      assert.ok(where.includes('tree_nodes(level 2, index 1)'), JSON.stringify(report.problems));
      assert.ok(where.includes('checkpoints(size 10)'), JSON.stringify(report.problems));
      // The rewritten body no longer matches its leaf hash, and the signed checkpoints disagree with it.
      assert.ok(
        report.problems.some((p) => /leaf hash is not the hash of the body/.test(p.message)),
      );
    });
  });
}
