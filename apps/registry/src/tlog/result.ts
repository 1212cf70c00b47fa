import type { ErrorCode } from '@mlsec/core';

/** The result of parsing or verifying untrusted text: never thrown, always one of these. */
export type TlogResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** A success. */
export function success<T>(value: T): TlogResult<T> {
  return { ok: true, value };
}

/** A failure with a stable code (REGISTRY_TLOG_*) and a message safe to show (no untrusted text). */
export function failure<T>(code: ErrorCode, message: string): TlogResult<T> {
  return { ok: false, code, message };
}
