/**
 * Stable error codes. Codes are the contract; messages are presentation. Every code has a row in
 * docs/errors.md (a test keeps the two in sync).
 */
export const ERROR_CODES = {
  CORE_INVALID_LIMITS: 'A Limits object has a negative, fractional or missing value.',
  CORE_INTERNAL: 'An unexpected internal error; please report it with the command that caused it.',
  SCAN_PATH_NOT_FOUND: 'A path given to scan does not exist.',
  SCAN_READ_FAILED: 'A file could not be read (permissions, I/O error).',
  SCAN_POLICY_INVALID:
    'The --policy file is not valid JSON/YAML or does not match the policy schema.',
  SCAN_BASELINE_INVALID:
    'The --baseline file is not a JSON report written by mlsec scan --format json.',
  SCAN_WORKER_FAILED: 'A scan worker thread stopped unexpectedly.',
  SCAN_UNKNOWN_SCANNER:
    'A name given to --only or --skip is not a scanner or scanner group (see mlsec scan --help).',
  CLI_USAGE: 'A command line flag or argument is missing, unknown or has a bad value.',
  CLI_OUTPUT_FAILED: 'The --output file could not be written.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Base class for every error mlsec raises on purpose. `code` is stable and documented. */
export class MlsecError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlsecError';
    this.code = code;
  }
}

/** True for errors that carry one of our codes. */
export function isMlsecError(value: unknown): value is MlsecError {
  return value instanceof MlsecError;
}
