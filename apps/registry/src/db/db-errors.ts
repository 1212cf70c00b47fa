import { APPEND_ONLY_MESSAGE } from './migrations/append-only.ts';

/** What kind of constraint a database error reports, the same words on both engines. */
export type DbErrorKind =
  'unique' | 'foreign-key' | 'check' | 'not-null' | 'append-only' | 'busy' | 'other';

// PostgreSQL SQLSTATEs (Appendix A) and better-sqlite3 extended result code names.
const POSTGRES: Readonly<Record<string, DbErrorKind>> = {
  '23505': 'unique',
  '23503': 'foreign-key',
  '23514': 'check',
  '23502': 'not-null',
  '40001': 'busy',
  '40P01': 'busy',
  '55P03': 'busy',
};
const SQLITE: Readonly<Record<string, DbErrorKind>> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not-null',
  SQLITE_BUSY: 'busy',
  SQLITE_BUSY_SNAPSHOT: 'busy',
  SQLITE_LOCKED: 'busy',
};

/**
 * Classify an error thrown by a query, so callers can turn driver errors into their own codes (a
 * re-uploaded version id is 'unique'; an edit of the log is 'append-only') without matching driver
 * messages themselves.
 */
export function classifyDbError(error: unknown): DbErrorKind {
  if (typeof error !== 'object' || error === null) return 'other';
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  if (message.includes(APPEND_ONLY_MESSAGE)) return 'append-only';
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return POSTGRES[code] ?? SQLITE[code] ?? 'other';
}
