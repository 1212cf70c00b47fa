import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { initRegistry } from '../access-db/index.ts';
import { openRegistryDatabase } from '../db/open-database.ts';
import { publishCheckpoint } from '../ledger/index.ts';
import { generateNoteKey } from '../tlog/index.ts';
import { CONFIG_FILE, LOG_KEY_FILE, writeRegistryConfig } from './config.ts';
import type { RegistryConfig } from './config.ts';

export interface InitDataDirOptions {
  /** The first admin's name (no default: there are no default credentials). */
  readonly adminName: string;
  /** `postgres://…` for scale-out; default a SQLite file in the data folder. */
  readonly database?: string;
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
 * and the log's first signed checkpoint. Refuses a folder that already holds a registry.
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
  await mkdir(root, { recursive: true, mode: 0o700 });
  const origin =
    options.origin ?? `mlsec-registry/${root.split('/').filter(Boolean).at(-1) ?? 'registry'}`;
  const key = generateNoteKey(origin);
  const config: RegistryConfig = {
    database: options.database ?? `sqlite:${join(root, 'registry.db')}`,
    blobs: join(root, 'blobs'),
    origin,
    verifierKey: key.verifierKey,
    maxBlobBytes: options.maxBlobBytes ?? 64 * 1024 ** 3,
  };
  await writeFile(join(root, LOG_KEY_FILE), `${key.signerKey}\n`, { flag: 'wx', mode: 0o600 });
  const database = await openRegistryDatabase(config.database);
  try {
    const result = await initRegistry(database, { adminName: options.adminName });
    await publishCheckpoint(database.db, key.signer, origin);
    await writeRegistryConfig(root, config);
    return { config, adminToken: result.token, expiresAt: result.expiresAt };
  } finally {
    await database.close();
  }
}
