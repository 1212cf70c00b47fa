import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';

/** A registry's settings, in `<data dir>/registry.json` (written by init, read by serve and audit). */
export interface RegistryConfig {
  /** `sqlite:<path>` (default, inside the data dir) or `postgres://…`. */
  readonly database: string;
  /** Folder of the content-addressed blob store. */
  readonly blobs: string;
  /** The log's origin line (its identity in checkpoints), e.g. `registry.example.com/log`. */
  readonly origin: string;
  /** The log's public key, `<name>+<id>+<key>` (the private key is in `log.key`). */
  readonly verifierKey: string;
  /** Largest single file accepted on push, in bytes. */
  readonly maxBlobBytes: number;
}

export const CONFIG_FILE = 'registry.json';
export const LOG_KEY_FILE = 'log.key';

function bad(message: string): MlsecError {
  return new MlsecError('REGISTRY_CONFIG_INVALID', message);
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
  let value: Partial<RegistryConfig>;
  try {
    value = JSON.parse(text) as Partial<RegistryConfig>;
  } catch {
    throw bad(`${CONFIG_FILE} is not JSON`);
  }
  for (const key of ['database', 'blobs', 'origin', 'verifierKey'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '')
      throw bad(`${CONFIG_FILE}: "${key}" is missing`);
  }
  if (!Number.isSafeInteger(value.maxBlobBytes) || (value.maxBlobBytes ?? 0) <= 0) {
    throw bad(`${CONFIG_FILE}: "maxBlobBytes" is not a positive integer`);
  }
  return value as RegistryConfig;
}

/** Write `<dir>/registry.json` (never replacing one). */
export async function writeRegistryConfig(dir: string, config: RegistryConfig): Promise<void> {
  await writeFile(join(dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`, {
    flag: 'wx',
    mode: 0o600,
  });
}
