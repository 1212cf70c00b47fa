// Runs database work on its own thread with its own connection, the way a second process would:
// better-sqlite3 is synchronous, so two connections on one thread would block each other's locks.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { openRegistryDatabase } from '../open-database.ts';
import { migrateToLatest } from '../migrate.ts';
import { writeTransaction } from '../write-transaction.ts';
import { appendLogEntry, logSize } from '../log-append.ts';
import type { WorkerJob } from './run-in-worker.ts';

const job = workerData as WorkerJob;
const database = await openRegistryDatabase(job.url, job.options);
let result: unknown;
try {
  if (job.op === 'migrate') {
    result = await migrateToLatest(database);
  } else {
    const indexes: number[] = [];
    for (let i = 0; i < job.count; i++) {
      const body = JSON.stringify({ writer: job.writer, i });
      const leafHash = createHash('sha256')
        .update(Buffer.from([0]))
        .update(body)
        .digest();
      indexes.push(
        await writeTransaction(database, async (trx) => {
          // Read before writing, as a service does (does the version exist? …): with a deferred
          // BEGIN this is where SQLite would fail with SQLITE_BUSY instead of waiting its turn.
          await logSize(trx);
          return appendLogEntry(trx, {
            kind: 'test',
            body,
            leafHash,
            at: new Date().toISOString(),
          });
        }),
      );
    }
    result = indexes;
  }
} finally {
  await database.close();
}
parentPort?.postMessage(result);
