// A registry worker that dies: works kind "crash" with a handler that prints "started ID ATTEMPT" and
// then hangs, so the test can SIGKILL it while it holds the job's lease.
// Usage: node --import tsx crash-worker.ts CONFIG_JSON (a CrashWorkerConfig)
import { openRegistryDatabase } from '../../db/open-database.ts';
import type { CrashWorkerConfig } from './queue-targets.ts';
import { SqliteJobQueue } from '../sqlite-job-queue.ts';
import { PgBossJobQueue } from '../pg-boss-job-queue.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as CrashWorkerConfig;
const database = await openRegistryDatabase(
  config.url,
  config.schema === undefined ? {} : { schema: config.schema },
);
const queue =
  config.engine === 'sqlite'
    ? new SqliteJobQueue(database, config.options)
    : await PgBossJobQueue.start(database, {
        ...config.options,
        schema: config.bossSchema,
        maintenanceIntervalSeconds: 1,
      });
await queue.work('crash', async (run) => {
  process.stdout.write(`started ${run.id} ${run.attempt}\n`);
  await new Promise(() => undefined);
});
