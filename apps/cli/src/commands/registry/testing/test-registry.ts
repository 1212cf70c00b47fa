import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MlsecError } from '@mlsec/core';
import {
  addNamespace,
  addPrincipals,
  ANONYMOUS,
  buildServer,
  createTestDatabase,
  DirectoryBlobStore,
  migrateToLatest,
  recordChecks,
  registerModelRoutes,
} from '@mlsec/registry/testing';
import type { Principal } from '@mlsec/registry/testing';
import { runCapture } from '../../../testing/run-cli.ts';
import type { CliRun } from '../../../testing/run-cli.ts';

/**
 * Users of the test registry by role in namespaces `team` (private) and `open` (public: anyone may
 * pull its ready versions); each one's token is `token-<name>`.
 */
export const USERS = { reader: 'rita', publisher: 'pat', approver: 'alice' } as const;

/** A gate policy: production needs one approval. */
const POLICY = 'version: 1\ndefault: {}\naliases:\n  production:\n    approvals: { count: 1 }\n';

/**
 * `mlsec registry ARGV... --registry URL` run in `work` as one of the test users (token in
 * MLSEC_REGISTRY_TOKEN, login file under `work/config`).
 */
export function cliAs(
  registry: TestRegistry,
  work: string,
): (user: string, ...argv: string[]) => Promise<CliRun> {
  return (user, ...argv) =>
    runCapture(['registry', ...argv, '--registry', registry.url], {
      cwd: work,
      env: { MLSEC_CONFIG_DIR: join(work, 'config'), MLSEC_REGISTRY_TOKEN: `token-${user}` },
    });
}

/** A real registry server (SQLite, directory blobs) listening on 127.0.0.1:0. */
export interface TestRegistry {
  readonly url: string;
  /** Where the blob store keeps its files (tests flip bytes here). */
  readonly blobRoot: string;
  close(): Promise<void>;
}

/**
 * Start the registry's model routes on a loopback port, as apps/registry's route tests build them:
 * bearer tokens map to principals with one role in `team`, and upload checks pass at once.
 */
export async function startTestRegistry(): Promise<TestRegistry> {
  const target = await createTestDatabase('sqlite', 'cli');
  const database = await target.open();
  await migrateToLatest(database);
  const ids = await addPrincipals(database, Object.values(USERS));
  await addNamespace(database, 'team', { policy: POLICY, by: 'pat' });
  await addNamespace(database, 'open', { by: 'pat', public: true });
  const tokens = new Map<string, Principal>(
    Object.entries(USERS).map(([role, name]) => [
      `token-${name}`,
      {
        kind: 'user',
        name,
        via: 'token',
        grants: ['team', 'open'].map((namespace) => ({ namespace, role: role as 'reader' })),
      },
    ]),
  );
  const blobRoot = mkdtempSync(join(tmpdir(), 'mlsec-cli-registry-blobs-'));
  const app = await buildServer({
    authenticate: (header) => {
      if (header === undefined) return Promise.resolve(ANONYMOUS);
      const found = tokens.get(header.replace(/^Bearer /, ''));
      return found
        ? Promise.resolve(found)
        : Promise.reject(new MlsecError('REGISTRY_AUTH_INVALID', 'unknown token'));
    },
    namespaceAccess: async (namespace) => {
      const row = await database.db
        .selectFrom('namespaces')
        .select('public')
        .where('name', '=', namespace)
        .executeTakeFirst();
      return row === undefined ? undefined : { public: row.public === 1 };
    },
  });
  registerModelRoutes(app, {
    database,
    blobs: await DirectoryBlobStore.open(blobRoot),
    maxBlobBytes: 16 * 1024 * 1024,
    actorOf: (p) => Promise.resolve({ id: ids.get(p.name) ?? 0, name: p.name }),
    isApprover: (name) => Promise.resolve(name === USERS.approver),
    enqueueChecks: () => Promise.resolve(),
    // The upload checks finish at once here (the job queue runs them in the server): they pass,
    // except for versions named `failing…`.
    afterRegister: (ref) =>
      ref.version.startsWith('failing')
        ? recordChecks(database, ref, { ready: false, detail: 'critical findings', summary: {} })
        : recordChecks(database, ref, { ready: true, detail: 'checked', summary: {} }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    blobRoot,
    close: async () => {
      await app.close();
      await database.close();
      await target.dispose();
      rmSync(blobRoot, { recursive: true, force: true });
    },
  };
}
