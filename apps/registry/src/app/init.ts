import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { initRegistry } from '../access-db/index.ts';
import { openRegistryDatabase } from '../db/open-database.ts';
import { publishCheckpoint } from '../ledger/index.ts';
import { generateNoteKey } from '../tlog/index.ts';
import { checkRegistryConfig, CONFIG_FILE, LOG_KEY_FILE, writeRegistryConfig } from './config.ts';
import type { RegistryConfig } from './config.ts';
import type { Environment } from './kek.ts';
import { openConfiguredBlobStore } from './open-blobs.ts';
import type { EncryptionSettings, S3Settings } from './storage-config.ts';

export interface InitDataDirOptions {
  /** The first admin's name (no default: there are no default credentials). */
  readonly adminName: string;
  /** `postgres://…` for scale-out; default a SQLite file in the data folder. */
  readonly database?: string;
  /** PostgreSQL: pg-boss's schema (default `pgboss`); one per registry sharing a database. */
  readonly pgBossSchema?: string;
  /** A blob folder (relative: in the data folder) or `s3://bucket[/prefix]`; default `<dir>/blobs`. */
  readonly blobs?: string;
  /** Endpoint, region and addressing of an S3-compatible store (with `s3://` blobs only). */
  readonly s3?: S3Settings;
  /** Encrypt blobs at rest under a key-encryption key from this file or env var (checked now). */
  readonly encryption?: EncryptionSettings;
  /** Where `encryption.kekEnv` is looked up (default process.env). */
  readonly env?: Environment;
  /** The log's origin (its identity in checkpoints). Default `mlsec-registry/<folder name>`. */
  readonly origin?: string;
  /** Largest file accepted on push (default 64 GiB). */
  readonly maxBlobBytes?: number;
}

export interface InitDataDirResult {
  readonly config: RegistryConfig;
  /** The admin's API token: shown once, stored only as its SHA-256. */
  readonly adminToken: string;
  readonly expiresAt: number;
}

/**
 * Create a registry in `dir` (made 0700): its log key (`log.key`, 0600, the private half only here),
 * `registry.json`, the database with its schema and the first admin, whose one-time token is returned,
 * and the log's first signed checkpoint. Refuses a folder that already holds a registry, and settings
 * that serve would refuse: the key-encryption key is read and the bucket listed now.
 */
export async function initDataDir(
  dir: string,
  options: InitDataDirOptions,
): Promise<InitDataDirResult> {
  const root = resolve(dir);
  if (existsSync(join(root, CONFIG_FILE)) || existsSync(join(root, LOG_KEY_FILE))) {
    throw new MlsecError(
      'REGISTRY_ALREADY_INITIALISED',
      `${snippet(root, 200)} already holds a registry`,
    );
  }
  const origin =
    options.origin ?? `mlsec-registry/${root.split('/').filter(Boolean).at(-1) ?? 'registry'}`;
  const key = generateNoteKey(origin);
  const config = checkRegistryConfig(
    {
      database: options.database ?? `sqlite:${join(root, 'registry.db')}`,
      blobs: options.blobs ?? join(root, 'blobs'),
      ...(options.s3 === undefined ? {} : { s3: options.s3 }),
      ...(options.encryption === undefined ? {} : { encryption: options.encryption }),
      ...(options.pgBossSchema === undefined ? {} : { pgBossSchema: options.pgBossSchema }),
      origin,
      verifierKey: key.verifierKey,
      maxBlobBytes: options.maxBlobBytes ?? 64 * 1024 ** 3,
    } satisfies RegistryConfig,
    root,
  );
  await mkdir(root, { recursive: true, mode: 0o700 });
  (await openConfiguredBlobStore(config, root, options.env ?? process.env)).close();
  await writeFile(join(root, LOG_KEY_FILE), `${key.signerKey}\n`, { flag: 'wx', mode: 0o600 });
  const database = await openRegistryDatabase(config.database);
  if (options.database === undefined) {
    // The embedded database holds token hashes and the audit trail: owner-only, like log.key.
    await chmod(join(root, 'registry.db'), 0o600);
  }
  try {
    const result = await initRegistry(database, { adminName: options.adminName });
    await publishCheckpoint(database.db, key.signer, origin);
    await writeRegistryConfig(root, config);
    return { config, adminToken: result.token, expiresAt: result.expiresAt };
  } finally {
    await database.close();
  }
}
