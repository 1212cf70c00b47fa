import { MlsecError, snippet } from '@mlsec/core';

const HEX64 = /^[0-9a-f]{64}$/;

/** True for a SHA-256 digest in the stores' spelling: 64 lowercase hex characters. */
export function isBlobDigest(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}

/** Throw REGISTRY_BLOB_BAD_DIGEST unless `value` is a blob address (so it can never name a path). */
export function checkBlobDigest(value: unknown): string {
  if (!isBlobDigest(value)) {
    const shown = typeof value === 'string' ? `"${snippet(value, 80)}"` : typeof value;
    throw new MlsecError(
      'REGISTRY_BLOB_BAD_DIGEST',
      `blob digest ${shown} is not 64 lowercase hex characters`,
    );
  }
  return value;
}
