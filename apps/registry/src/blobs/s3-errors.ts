import { MlsecError } from '@mlsec/core';

/** True when an S3 SDK error says the object (or key) does not exist. */
export function s3Missing(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

/**
 * REGISTRY_BLOB_STORE_FAILED for an SDK error, naming only the S3 error code and HTTP status (never the
 * request, whose signed headers may carry credentials).
 */
export function s3Failed(what: string, cause: unknown): MlsecError {
  if (cause instanceof MlsecError) return cause;
  const name = (cause as { name?: unknown } | null)?.name;
  const status = (cause as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  // A network failure has no S3 name worth showing but a system code (ECONNREFUSED, ENOTFOUND).
  const code = (cause as { code?: unknown } | null)?.code;
  const system = typeof code === 'string' && /^E[A-Z_]{2,30}$/.test(code) ? code : undefined;
  const detail = [typeof name === 'string' ? name.slice(0, 60) : undefined, system, status]
    .filter((part) => part !== undefined)
    .join(', ');
  return new MlsecError(
    'REGISTRY_BLOB_STORE_FAILED',
    `could not ${what} in S3${detail === '' ? '' : ` (${detail})`}`,
    { cause },
  );
}
