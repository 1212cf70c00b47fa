import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { checkStorageSettings } from './storage-config.ts';
import type { EncryptionSettings, S3Settings } from './storage-config.ts';

/** A registry's settings, in `<data dir>/registry.json` (written by init, read by serve and audit). */
export interface RegistryConfig {
  /** `sqlite:<path>` (default, inside the data dir) or `postgres://…`. */
  readonly database: string;
  /** Blob store: a folder (relative paths are in the data dir) or `s3://bucket[/prefix]`. */
  readonly blobs: string;
  /** How to reach the bucket when `blobs` is `s3://…` (never credentials). */
  readonly s3?: S3Settings;
  /** Encryption at rest (AES-256-GCM) under a key-encryption key from a file or an env var. */
  readonly encryption?: EncryptionSettings;
  /** PostgreSQL: the schema pg-boss keeps its job tables in (default `pgboss`). */
  readonly pgBossSchema?: string;
  /** The log's origin line (its identity in checkpoints), e.g. `registry.example.com/log`. */
  readonly origin: string;
  /** The log's public key, `<name>+<id>+<key>` (the private key is in `log.key`). */
  readonly verifierKey: string;
  /** Largest single file accepted on push, in bytes. */
  readonly maxBlobBytes: number;
}

export const CONFIG_FILE = 'registry.json';
export const LOG_KEY_FILE = 'log.key';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function bad(message: string): MlsecError {
  return new MlsecError('REGISTRY_CONFIG_INVALID', message);
}

/**
 * Check a registry.json object (`dir` is its data folder, against which relative paths resolve),
 * throwing REGISTRY_CONFIG_INVALID naming the field. Reads no key and contacts no server.
 */
export function checkRegistryConfig(value: unknown, dir: string): RegistryConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`${CONFIG_FILE} is not a JSON object`);
  const fields = value as Record<string, unknown>;
  for (const key of ['database', 'origin', 'verifierKey'] as const) {
    if (typeof fields[key] !== 'string' || fields[key] === '')
      throw bad(`${CONFIG_FILE}: "${key}" is missing`);
  }
  const maxBlobBytes = fields['maxBlobBytes'];
  if (typeof maxBlobBytes !== 'number' || !Number.isSafeInteger(maxBlobBytes) || maxBlobBytes <= 0)
    throw bad(`${CONFIG_FILE}: "maxBlobBytes" is not a positive integer`);
  const pgBossSchema = fields['pgBossSchema'];
  if (
    pgBossSchema !== undefined &&
    (typeof pgBossSchema !== 'string' || !SCHEMA_NAME.test(pgBossSchema))
  )
    throw bad(`${CONFIG_FILE}: "pgBossSchema" is not a lower-case identifier (letters, digits, _)`);
  checkStorageSettings(fields, dir);
  return value as RegistryConfig;
}

/** Read and check `<dir>/registry.json`. */
export async function readRegistryConfig(dir: string): Promise<RegistryConfig> {
  let text: string;
  try {
    text = await readFile(join(dir, CONFIG_FILE), 'utf8');
  } catch {
    throw bad(
      `${snippet(join(dir, CONFIG_FILE), 200)} cannot be read; run 'mlsec registry init' first`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad(`${CONFIG_FILE} is not JSON`);
  }
  return checkRegistryConfig(value, dir);
}

/** Write `<dir>/registry.json` (never replacing one). */
export async function writeRegistryConfig(dir: string, config: RegistryConfig): Promise<void> {
  await writeFile(join(dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`, {
    flag: 'wx',
    mode: 0o600,
  });
}
