import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { snippet } from '@mlsec/core';
import { configInvalid } from './storage-config.ts';
import type { EncryptionSettings } from './storage-config.ts';

/** Environment variables as a process or a test gives them. */
export type Environment = Readonly<Record<string, string | undefined>>;

const ENCODINGS = '64 hex characters, or base64 of 32 bytes';
const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;
/** A key file is a line of text: anything longer is not one. */
const MAX_FILE_BYTES = 1024;

/**
 * Decode a key-encryption key: 64 hex characters (`openssl rand -hex 32`) or base64, standard or
 * URL-safe, padded or not, of exactly 32 bytes (`openssl rand -base64 32`). Surrounding whitespace
 * (a trailing newline) is ignored. Undefined for anything else; the text is never echoed.
 */
export function decodeKek(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (HEX.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const encoding = BASE64.test(trimmed) ? 'base64' : BASE64URL.test(trimmed) ? 'base64url' : '';
  if (encoding === '') return undefined;
  const key = Buffer.from(trimmed, encoding);
  // Canonical only: the last character's unused low bits must be zero.
  return key.length === 32 && key.toString(encoding).replace(/=$/, '') === trimmed.replace(/=$/, '')
    ? key
    : undefined;
}

/**
 * Read the registry's key-encryption key from its file or environment variable. The file (relative
 * paths are in the data folder `dir`) must be a regular file that neither group nor others may read or
 * write, as ssh demands of private keys. Throws REGISTRY_CONFIG_INVALID naming the setting and never
 * the key material.
 */
export async function loadKek(
  settings: EncryptionSettings,
  dir: string,
  env: Environment,
): Promise<Buffer> {
  if ('kekEnv' in settings) {
    const text = env[settings.kekEnv];
    if (text === undefined || text === '')
      throw configInvalid('encryption.kekEnv', `names ${settings.kekEnv}, which is not set`);
    const key = decodeKek(text);
    if (key === undefined)
      throw configInvalid(
        'encryption.kekEnv',
        `names ${settings.kekEnv}, which is not ${ENCODINGS}`,
      );
    return key;
  }
  const path = isAbsolute(settings.kekFile) ? settings.kekFile : resolve(dir, settings.kekFile);
  const shown = snippet(path, 200);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw configInvalid(
      'encryption.kekFile',
      `names ${shown}, which cannot be read (${typeof code === 'string' ? code : 'error'})`,
    );
  }
  try {
    // Checked on the open handle, so the file read is the file checked.
    const stats = await handle.stat();
    if (!stats.isFile()) throw configInvalid('encryption.kekFile', `names ${shown}, not a file`);
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      throw configInvalid(
        'encryption.kekFile',
        `names ${shown}, which group or others may access (mode ${mode}); run chmod 600 on it`,
      );
    }
    if (stats.size > MAX_FILE_BYTES)
      throw configInvalid('encryption.kekFile', `names ${shown}, which is not ${ENCODINGS}`);
    const key = decodeKek(await handle.readFile('utf8'));
    if (key === undefined)
      throw configInvalid('encryption.kekFile', `names ${shown}, which is not ${ENCODINGS}`);
    return key;
  } finally {
    await handle.close();
  }
}
