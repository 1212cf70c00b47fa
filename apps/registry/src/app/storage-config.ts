import { isAbsolute, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';

/**
 * How to reach an S3-compatible store when `blobs` is `s3://…`. Credentials are never settings: the
 * AWS SDK's standard chain finds them (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE and
 * ~/.aws, web identity, the instance or container role).
 */
export interface S3Settings {
  /** Custom endpoint of a self-hosted store (MinIO, Ceph, s3rver), e.g. `http://127.0.0.1:9000`. */
  readonly endpoint?: string;
  /** Signing region (default `us-east-1`). */
  readonly region?: string;
  /** Bucket in the path, not the host name (most self-hosted stores need it). Default false. */
  readonly forcePathStyle?: boolean;
}

/** Where the 32-byte key-encryption key of encryption at rest comes from: a file or an env var. */
export type EncryptionSettings = { readonly kekFile: string } | { readonly kekEnv: string };

/** A parsed `blobs` setting. */
export type BlobLocation =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

// S3's bucket naming rules (3-63 characters; lower-case letters, digits, dots and hyphens; a letter
// or digit at each end), with underscores too, which some self-hosted stores allow.
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const REGION = /^[a-z0-9-]{1,64}$/;
// Key prefix: S3's "safe characters" (object key naming guidelines) in non-empty segments.
const PREFIX = /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/;

/** REGISTRY_CONFIG_INVALID naming the registry.json field. */
export function configInvalid(field: string, why: string): MlsecError {
  return new MlsecError('REGISTRY_CONFIG_INVALID', `registry.json: "${field}" ${why}`);
}

/**
 * Parse `blobs`: `s3://bucket[/prefix]` or a folder (relative to the data folder `dir`). The prefix
 * becomes `prefix/` so that blobs live under `<prefix>/sha256/…`.
 */
export function parseBlobLocation(blobs: string, dir: string): BlobLocation {
  if (!blobs.startsWith('s3://')) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(blobs))
      throw configInvalid('blobs', 'is neither a folder nor s3://BUCKET[/PREFIX]');
    if (blobs.includes('\0')) throw configInvalid('blobs', 'holds a NUL character');
    return { kind: 'directory', path: isAbsolute(blobs) ? blobs : resolve(dir, blobs) };
  }
  const rest = blobs.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/$/, '');
  if (!BUCKET.test(bucket)) {
    throw configInvalid(
      'blobs',
      `has the bucket name "${snippet(bucket, 70)}": use 3-63 lower-case letters, digits, '.', '-'`,
    );
  }
  if (path !== '' && !PREFIX.test(path)) {
    throw configInvalid(
      'blobs',
      "has an S3 prefix that is not segments of letters, digits and !-_.*'() between single slashes",
    );
  }
  return { kind: 's3', bucket, prefix: path === '' ? '' : `${path}/` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuse keys other than `known` in the object at `field` (a misspelt setting must not be ignored). */
function onlyKeys(value: Record<string, unknown>, field: string, known: readonly string[]): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined)
    throw configInvalid(field, `has an unknown setting "${snippet(unknown, 40)}"`);
}

/** Check `s3`: only with `s3://` blobs; an http(s) endpoint without credentials in it. */
function checkS3(value: unknown, location: BlobLocation): void {
  if (value === undefined) return;
  if (location.kind !== 's3') throw configInvalid('s3', 'is set but "blobs" is not s3://…');
  if (!isObject(value)) throw configInvalid('s3', 'is not an object');
  onlyKeys(value, 's3', ['endpoint', 'region', 'forcePathStyle']);
  const { endpoint, region, forcePathStyle } = value;
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof endpoint === 'string' ? new URL(endpoint) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw configInvalid('s3.endpoint', 'is not an http:// or https:// URL');
    // Credentials live in the SDK's chain, never in registry.json (and never in a message).
    if (url.username !== '' || url.password !== '')
      throw configInvalid('s3.endpoint', 'holds credentials: give them in the environment instead');
  }
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region)))
    throw configInvalid('s3.region', 'is not a region name such as us-east-1');
  if (forcePathStyle !== undefined && typeof forcePathStyle !== 'boolean')
    throw configInvalid('s3.forcePathStyle', 'is not true or false');
}

/** Check `encryption`: exactly one of `kekFile` (a path) or `kekEnv` (a variable name). */
function checkEncryption(value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) throw configInvalid('encryption', 'is not an object');
  onlyKeys(value, 'encryption', ['kekFile', 'kekEnv']);
  const { kekFile, kekEnv } = value;
  if ((kekFile === undefined) === (kekEnv === undefined))
    throw configInvalid('encryption', 'needs exactly one of "kekFile" or "kekEnv"');
  if (
    kekFile !== undefined &&
    (typeof kekFile !== 'string' || kekFile === '' || kekFile.includes('\0'))
  )
    throw configInvalid('encryption.kekFile', 'is not a file path');
  if (kekEnv !== undefined && (typeof kekEnv !== 'string' || !ENV_NAME.test(kekEnv)))
    throw configInvalid('encryption.kekEnv', 'is not an environment variable name');
}

/**
 * Check the storage settings of a registry.json object (`blobs`, `s3`, `encryption`), throwing
 * REGISTRY_CONFIG_INVALID that names the field. Reads no key and contacts no store.
 */
export function checkStorageSettings(value: Record<string, unknown>, dir: string): void {
  if (typeof value['blobs'] !== 'string' || value['blobs'] === '')
    throw configInvalid('blobs', 'is missing');
  const location = parseBlobLocation(value['blobs'], dir);
  checkS3(value['s3'], location);
  checkEncryption(value['encryption']);
}
