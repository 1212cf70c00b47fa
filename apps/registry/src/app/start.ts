import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MlsecError } from '@mlsec/core';
import { PullVolumeMonitor } from '../access/pull-volume.ts';
import type { PullVolumeOptions } from '../access/pull-volume.ts';
import {
  authenticateBearer,
  actorRowOf,
  DbPullVolumeStore,
  holdsApprover,
  namespaceAccessOf,
} from '../access-db/index.ts';
import { classifyDbError } from '../db/db-errors.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openRegistryDatabase } from '../db/open-database.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { buildServer } from '../http/server.ts';
import { registerRegistryRoutes } from '../http/routes/registry-routes.ts';
import { PgBossJobQueue, SqliteJobQueue } from '../jobs/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { publishCheckpoint } from '../ledger/index.ts';
import { recordChecks } from '../service/index.ts';
import type { VersionRef } from '../service/index.ts';
import { parseSignerKey } from '../tlog/index.ts';
import { runVersionChecks, VERSION_CHECK_JOB } from './checks.ts';
import { LOG_KEY_FILE, readRegistryConfig } from './config.ts';
import type { RegistryConfig } from './config.ts';
import type { Environment } from './kek.ts';
import { openConfiguredBlobStore } from './open-blobs.ts';

/**
 * Default thresholds of the pull-volume signal: per principal, the last hour's model bytes against
 * its average hour over the week before (alert past 10×, never below 10× 1 GB), or past 200 GB an hour.
 */
const PULL_VOLUME_DEFAULTS = {
  windowMs: 3_600_000,
  bucketMs: 60_000,
  baselineWindows: 168,
  multiplier: 10,
  minBaselineBytes: 1e9,
  ceilingBytes: 200e9,
} as const;

export interface StartOptions {
  readonly host?: string;
  readonly port?: number;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly logger?: boolean;
  /** Thresholds of the pull-volume (exfiltration) alert, replacing the defaults given. */
  readonly pullVolume?: Partial<Omit<PullVolumeOptions, 'now'>>;
  /** How often a new checkpoint is signed when the log grew (default 5 s). */
  readonly checkpointEveryMs?: number;
  /** Where `encryption.kekEnv` is looked up (default process.env; S3 credentials: the SDK's chain). */
  readonly env?: Environment;
}

export interface RunningRegistry {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly config: RegistryConfig;
  readonly database: RegistryDatabase;
  close(): Promise<void>;
}

function isRef(value: unknown): value is VersionRef {
  const v = value as Record<string, unknown>;
  return (
    typeof v['namespace'] === 'string' &&
    typeof v['model'] === 'string' &&
    typeof v['version'] === 'string'
  );
}

/**
 * Start the registry of data folder `dir`: migrate the database, open the blob store, run version
 * checks as jobs (in process on SQLite, pg-boss on PostgreSQL, so several servers share them), serve
 * the API (every route authenticated and authorised; the log routes public), and sign a checkpoint
 * whenever the log has grown.
 */
export async function startRegistry(
  dir: string,
  options: StartOptions = {},
): Promise<RunningRegistry> {
  const config = await readRegistryConfig(dir);
  const parsedKey = parseSignerKey((await readFile(join(dir, LOG_KEY_FILE), 'utf8')).trim());
  if (!parsedKey.ok)
    throw new MlsecError('REGISTRY_CONFIG_INVALID', `${LOG_KEY_FILE}: ${parsedKey.message}`);
  const signer = parsedKey.value;
  // The blob store first: a missing key-encryption key or an unreachable bucket fails before any
  // database connection is open.
  const opened = await openConfiguredBlobStore(config, dir, options.env ?? process.env);
  const blobs = opened.store;
  const database = await openRegistryDatabase(config.database).catch((error: unknown) => {
    opened.close();
    throw error;
  });
  await migrateToLatest(database);
  const queue: JobQueue =
    database.engine === 'postgres'
      ? await PgBossJobQueue.start(database, {
          kinds: [VERSION_CHECK_JOB],
          schema: config.pgBossSchema,
          // The enqueue's wake-up comes before its transaction commits: poll often, so a pushed
          // version is checked within half a second rather than the default two.
          pollIntervalMs: 500,
        })
      : new SqliteJobQueue(database, { kinds: [VERSION_CHECK_JOB] });
  await queue.work(
    VERSION_CHECK_JOB,
    async (run) => {
      if (!isRef(run.payload)) return;
      const ref = {
        namespace: run.payload.namespace,
        model: run.payload.model,
        version: run.payload.version,
      };
      try {
        await recordChecks(database, ref, await runVersionChecks(database, blobs, ref));
      } catch (error) {
        // A re-run after the first run recorded its result: nothing left to do.
        if (error instanceof MlsecError && error.code === 'REGISTRY_VERSION_CONFLICT') return;
        throw error;
      }
    },
    { concurrency: 1 },
  );
  const app = await buildServer(
    {
      authenticate: (header) => authenticateBearer(database, header),
      namespaceAccess: (namespace) => namespaceAccessOf(database.db, namespace),
    },
    { logger: options.logger ?? false, ...(options.tls === undefined ? {} : { tls: options.tls }) },
  );
  const pulls = new PullVolumeMonitor({
    ...PULL_VOLUME_DEFAULTS,
    ...options.pullVolume,
    now: Date.now,
  });
  registerRegistryRoutes(
    app,
    {
      database,
      blobs,
      maxBlobBytes: config.maxBlobBytes,
      actorOf: (principal) => actorRowOf(database.db, principal.name),
      isApprover: (name, namespace, trx) => holdsApprover(trx, name, namespace),
      // The exfiltration signal: counted in the database (shared by replicas), one alert per principal
      // per window, in the transparency log and on the server log (JSON lines).
      onPull: (trx, principal, bytes) => pulls.record(new DbPullVolumeStore(trx), principal, bytes),
      enqueueChecks: async (trx, ref) => {
        await queue.enqueue(VERSION_CHECK_JOB, { ...ref }, { trx });
      },
    },
    config.verifierKey,
  );

  const checkpoint = async (): Promise<void> => {
    try {
      await publishCheckpoint(database.db, signer, config.origin);
    } catch (error) {
      if (classifyDbError(error) !== 'unique') app.log.error({ err: error }, 'checkpoint failed');
    }
  };
  const timer = setInterval(() => void checkpoint(), options.checkpointEveryMs ?? 5000);
  timer.unref();
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8470 });
  return {
    app,
    url,
    config,
    database,
    async close() {
      clearInterval(timer);
      // A download ends on the server a moment after its client has every byte (the digest check
      // runs at the end of the stream); close() only drops connections idle when it is called, so
      // drop the rest as they fall idle rather than wait out their keep-alive (72 s).
      const drain = setInterval(() => app.server.closeIdleConnections(), 50);
      await app.close().finally(() => clearInterval(drain));
      await queue.stop();
      await checkpoint();
      await database.close();
      opened.close();
    },
  };
}
