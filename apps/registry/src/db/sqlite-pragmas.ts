import type { Database } from 'better-sqlite3';

/** How long a SQLite connection waits for another writer's lock before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Set the pragmas every registry connection needs:
 *
 * - `journal_mode = WAL`: readers do not block the writer (ignored for `:memory:`).
 * - `synchronous = FULL`: a commit is durable before it returns. NORMAL would be enough for
 *   consistency, but a log that loses its last entries after a power cut could later sign a different
 *   tree at a size it already published, which is a fork.
 * - `foreign_keys = ON`: off by default in SQLite, per connection.
 * - `busy_timeout`: wait for a concurrent writer (another process) instead of failing at once.
 */
export function applySqlitePragmas(database: Database, busyTimeoutMs: number): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
}
