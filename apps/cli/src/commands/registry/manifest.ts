import { MlsecError, snippet } from '@mlsec/core';
import { field, isArray, isString, isStringOrNull } from './client.ts';
import { MAX_FILES } from './walk-dir.ts';

/** One file a version lists. */
export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** The part of GET …/versions/:version a pull relies on, checked. */
export interface VersionManifest {
  readonly status: string;
  readonly manifestSha256: string;
  readonly files: readonly ManifestFile[];
  /** What the registry's upload checks concluded (one line). */
  readonly statusMessage: string;
  /** The signature bundle pushed with the version (JSON text), or null. */
  readonly signatureBundle: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A path from the registry, checked before it names anything on disk: relative, '/'-separated, no
 * empty, '.' or '..' segment, no backslash or control character, at most 1024 characters. Anything
 * else could write outside the pull's folder, so it refuses the whole pull.
 */
export function checkRelativePath(path: string): string {
  const segments = path.split('/');
  const ok =
    path.length > 0 &&
    path.length <= 1024 &&
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    !/[\\\x00-\x1f\x7f]/.test(path) &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..');
  if (!ok) {
    throw new MlsecError(
      'CLI_REGISTRY_BAD_RESPONSE',
      `the version lists an unsafe file path ${JSON.stringify(snippet(path, 120))}; nothing was written`,
    );
  }
  return path;
}

function file(value: unknown): ManifestFile {
  const path = checkRelativePath(field(value, 'path', isString, 'file path'));
  const sha256 = field(
    value,
    'sha256',
    (v): v is string => isString(v) && SHA256.test(v),
    'digest',
  );
  const size = field(
    value,
    'size',
    (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
    'file size',
  );
  return { path, sha256, size };
}

/** Check a version manifest from the registry: every field typed, every path safe, none twice. */
export function readManifest(value: unknown): VersionManifest {
  const files = field(value, 'files', isArray, 'file list');
  if (files.length > MAX_FILES) {
    throw new MlsecError('CLI_REGISTRY_BAD_RESPONSE', `the version lists over ${MAX_FILES} files`);
  }
  const checked = files.map(file);
  const paths = new Set(checked.map((f) => f.path));
  if (paths.size !== checked.length) {
    throw new MlsecError('CLI_REGISTRY_BAD_RESPONSE', 'the version lists a file path twice');
  }
  return {
    status: field(value, 'status', isString, 'status'),
    manifestSha256: field(value, 'manifestSha256', isString, 'manifest digest'),
    files: checked,
    statusMessage: field(value, 'statusMessage', isStringOrNull, 'status message') ?? '',
    signatureBundle: field(value, 'signatureBundle', isStringOrNull, 'signature bundle'),
  };
}
