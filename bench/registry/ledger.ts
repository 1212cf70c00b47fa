// Ledger speed in the database (issue 6, item 10), beside bench/registry/tlog.ts's in-memory tree:
//   - durable appends: one event per write transaction (appendEvent: log row, sequencer, tree nodes),
//     as the registry commits every state change and download;
//   - the log filled to 1,000,000 entries (SQLite; batched transactions), then inclusion and
//     consistency proofs served from `tree_nodes` at that size (median of random queries);
//   - on PostgreSQL (the machine's server on loopback), durable appends and proofs at the size reached.
// Run: node --conditions=@mlsec/source --import tsx bench/registry/ledger.ts [entries]
import { performance } from 'node:perf_hooks';
import { writeTransaction } from '../../apps/registry/src/db/write-transaction.ts';
import { migrateToLatest } from '../../apps/registry/src/db/migrate.ts';
import type { RegistryDatabase } from '../../apps/registry/src/db/open-database.ts';
import { createTestDatabase } from '../../apps/registry/src/db/testing/test-databases.ts';
import {
  appendEvent,
  logConsistencyProof,
  logInclusionProof,
} from '../../apps/registry/src/ledger/index.ts';
import { logSize } from '../../apps/registry/src/db/log-append.ts';
import type { LogEntry } from '../../apps/registry/src/events/entries.ts';
import { median, pick } from '../stats.ts';

const TARGET = Number(process.argv[2] ?? 1_000_000);
const DURABLE = 3000;
const BATCH = 5000;
const QUERIES = 300;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** A download entry, as the registry logs one per pulled file. */
const entry = (i: number): LogEntry => ({
  kind: 'model_pulled',
  namespace: 'bench',
  model: 'llama',
  version: `v${i % 100}`,
  bytes: 4_000_000_000 + i,
  by: `user-${i % 50}`,
  at: new Date(Date.UTC(2026, 10, 1) + i).toISOString(),
});

async function durable(database: RegistryDatabase, count: number): Promise<number> {
  const start = performance.now();
  const base = await logSize(database.db);
  for (let i = 0; i < count; i++) {
    await writeTransaction(database, (trx) => appendEvent(trx, entry(base + i)));
  }
  return count / ((performance.now() - start) / 1000);
}

async function fill(database: RegistryDatabase, to: number): Promise<number> {
  const start = performance.now();
  const from = await logSize(database.db);
  for (let done = from; done < to;) {
    const n = Math.min(BATCH, to - done);
    await writeTransaction(database, async (trx) => {
      for (let i = 0; i < n; i++) await appendEvent(trx, entry(done + i));
    });
    done += n;
    if (done % 100_000 < BATCH) log(`  filled ${done} entries`);
  }
  return (to - from) / ((performance.now() - start) / 1000);
}

async function proofs(
  database: RegistryDatabase,
): Promise<{ inclusion: number; consistency: number }> {
  const size = await logSize(database.db);
  const inclusion: number[] = [];
  const consistency: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    let t = performance.now();
    await logInclusionProof(database.db, pick(size), size);
    inclusion.push(performance.now() - t);
    t = performance.now();
    await logConsistencyProof(database.db, 1 + pick(size - 1), size);
    consistency.push(performance.now() - t);
  }
  return { inclusion: median(inclusion), consistency: median(consistency) };
}

for (const engine of ['sqlite', 'postgres'] as const) {
  const target = await createTestDatabase(engine, 'bench_ledger');
  const database = await target.open();
  try {
    await migrateToLatest(database);
    const rate = await durable(database, DURABLE);
    log(`${engine}: durable appends (one transaction each): ${rate.toFixed(0)} entries/s`);
    if (engine === 'sqlite') {
      const bulk = await fill(database, TARGET);
      log(`${engine}: bulk fill to ${TARGET} (batches of ${BATCH}): ${bulk.toFixed(0)} entries/s`);
    }
    const size = await logSize(database.db);
    const p = await proofs(database);
    log(
      `${engine}: at ${size} entries: inclusion proof ${(p.inclusion * 1000).toFixed(0)} µs, ` +
        `consistency proof ${(p.consistency * 1000).toFixed(0)} µs (medians of ${QUERIES}, from tree_nodes)`,
    );
  } finally {
    await database.close();
    await target.dispose();
  }
}
