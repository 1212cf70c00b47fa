import { MlsecError } from '@mlsec/core';

/** ms since the epoch as the ISO-8601 UTC text the tables store (schema.ts conventions). */
export function isoOf(ms: number): string {
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) {
    throw new MlsecError('REGISTRY_REQUEST_INVALID', 'a time is outside the range of dates');
  }
  return date.toISOString();
}

/** Stored ISO-8601 text as ms since the epoch; REGISTRY_DB_ROW_INVALID when it is not a time. */
export function msOf(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new MlsecError('REGISTRY_DB_ROW_INVALID', 'a stored time is not an ISO-8601 time');
  }
  return ms;
}
