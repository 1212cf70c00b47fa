import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  authenticateBearer,
  actorRowOf,
  holdsApprover,
  initRegistry,
  namespaceAccessOf,
} from '../../access-db/index.ts';
import { DirectoryBlobStore } from '../../blobs/index.ts';
import type { DatabaseEngine } from '../../db/database-url.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { RegistryDatabase } from '../../db/open-database.ts';
import { createTestDatabase } from '../../db/testing/test-databases.ts';
import type { TestDatabase } from '../../db/testing/test-databases.ts';
import { publishCheckpoint } from '../../ledger/index.ts';
import { recordChecks } from '../../service/index.ts';
import { generateNoteKey } from '../../tlog/index.ts';
import { registerRegistryRoutes } from '../routes/registry-routes.ts';
import { buildServer } from '../server.ts';

/** The methods the registry's routes answer. */
export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** Bytes of the one model file the route suites push and pull. */
export const WEIGHTS = Buffer.from('fake safetensors bytes, harmless '.repeat(1000));
export const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A gate policy that every ready version passes. */
export const OPEN_POLICY = 'version: 1\ndefault: {}\n';

const LOG_ORIGIN = 'registry.test/log';
const LOG_KEY = generateNoteKey(LOG_ORIGIN);

/**
 * The whole registry API in process, as `serve` runs it: every area's routes (registerRegistryRoutes),
 * real bearer authentication against the database (tokens, grants, scopes), namespaces public or not
 * from the table, and a blob directory. Version checks pass at once, except for versions named
 * `pending…` (left pending) and `failed…` (failed), so suites can hold versions in every state.
 */
export interface RegistryApp {
  readonly app: FastifyInstance;
  readonly database: RegistryDatabase;
  /** The first admin (`root`, admin on `*`) and its init token. */
  readonly rootToken: string;
  readonly rootTokenId: string;
  /** Every file download the exfiltration signal was told of: [principal, bytes]. */
  readonly pulls: (readonly [string, number])[];
  /** One request; `token` undefined sends no Authorization header. */
  call(
    token: string | undefined,
    method: Method,
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Sign a checkpoint of the log as it is now (the log routes serve the latest). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** Start the API over a fresh `engine` database whose first admin is `root`. */
export async function startRegistryApp(
  engine: DatabaseEngine,
  label: string,
): Promise<RegistryApp> {
  const test: TestDatabase = await createTestDatabase(engine, label);
  const database = await test.open();
  await migrateToLatest(database);
  const init = await initRegistry(database, { adminName: 'root' });
  const blobRoot = mkdtempSync(join(tmpdir(), 'mlsec-registry-app-blobs-'));
  const pulls: [string, number][] = [];
  const app = await buildServer(
    {
      authenticate: (header) => authenticateBearer(database, header),
      namespaceAccess: (namespace) => namespaceAccessOf(database.db, namespace),
    },
    // The suites send a few hundred requests per principal; limits have their own test.
    { rateLimitPerMinute: 1_000_000 },
  );
  registerRegistryRoutes(
    app,
    {
      database,
      blobs: await DirectoryBlobStore.open(blobRoot),
      maxBlobBytes: 1024 * 1024,
      actorOf: (principal) => actorRowOf(database.db, principal.name),
      isApprover: (name, namespace, trx) => holdsApprover(trx, name, namespace),
      enqueueChecks: () => Promise.resolve(),
      onPull: (_trx, principal, bytes) => {
        pulls.push([principal, bytes]);
        return Promise.resolve(undefined);
      },
      afterRegister: async (ref) => {
        if (ref.version.startsWith('pending')) return;
        const ready = !ref.version.startsWith('failed');
        await recordChecks(database, ref, {
          ready,
          detail: ready ? 'checked' : 'a critical finding',
          summary: {},
        });
      },
    },
    LOG_KEY.verifierKey,
  );
  await app.ready();
  return {
    app,
    database,
    rootToken: init.token,
    rootTokenId: init.tokenId,
    pulls,
    call(token, method, url, body) {
      const headers: Record<string, string> = {};
      if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      if (body instanceof Uint8Array) headers['content-type'] = 'application/octet-stream';
      else if (typeof body === 'string') headers['content-type'] = 'text/yaml';
      return app.inject({
        method,
        url,
        headers,
        ...(body === undefined
          ? {}
          : { payload: body instanceof Uint8Array ? Buffer.from(body) : (body as object) }),
      });
    },
    async checkpoint() {
      await publishCheckpoint(database.db, LOG_KEY.signer, LOG_ORIGIN);
    },
    async close() {
      await app.close();
      await database.close();
      await test.dispose();
      rmSync(blobRoot, { recursive: true, force: true });
    },
  };
}
