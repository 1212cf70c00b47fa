import { ERROR_CODES, type ErrorCode } from '@mlsec/core';

/** The names of core's VERIFY_* error codes. */
export type VerifyCode = Extract<ErrorCode, `VERIFY_${string}`>;

/**
 * Issue codes for Sigstore bundle parsing and verification: every VERIFY_* code of core's ERROR_CODES
 * (the one registry; docs/errors.md is generated from it), keyed by itself, so the two cannot drift.
 * Codes are the contract (callers and docs key on them); messages are presentation.
 */
export const VERIFY_CODES: { readonly [K in VerifyCode]: K } = Object.freeze(
  Object.fromEntries(
    Object.keys(ERROR_CODES)
      .filter((name) => name.startsWith('VERIFY_'))
      .map((name) => [name, name]),
  ) as { [K in VerifyCode]: K },
);
