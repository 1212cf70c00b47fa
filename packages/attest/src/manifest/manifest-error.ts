/**
 * Stable codes for why a model could not be hashed. Kept local to the attest package until the lead
 * moves them into `@mlsec/core`'s ERROR_CODES (MlsecError only takes codes listed there).
 */
export const MANIFEST_ERROR_CODES = {
  ATTEST_MODEL_NOT_FOUND: 'The model path does not exist or cannot be read.',
  ATTEST_SYMLINK_REFUSED: 'The model contains a symlink and symlinks are not allowed.',
  ATTEST_UNSUPPORTED_FILE: 'The model contains a socket, FIFO, device or broken symlink.',
  ATTEST_UNSUPPORTED_NAME: 'A file name in the model is not valid UTF-8.',
  ATTEST_TOO_MANY_FILES: 'The model has more files than the maxFiles limit.',
  ATTEST_READ_FAILED: 'A model file could not be read, or changed size while being hashed.',
  ATTEST_BAD_OPTIONS: 'A manifest option has a bad value (shard size, ignore path, limit).',
  ATTEST_BAD_DIGEST: 'A resource digest is not an even-length hex string.',
} as const;

export type ManifestErrorCode = keyof typeof MANIFEST_ERROR_CODES;

/** Raised by manifest building; `code` is stable, `message` is presentation. */
export class ManifestError extends Error {
  readonly code: ManifestErrorCode;

  constructor(code: ManifestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ManifestError';
    this.code = code;
  }
}
