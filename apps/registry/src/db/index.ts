/**
 * The registry's database layer: one logical schema on SQLite (embedded default) and PostgreSQL
 * (scale-out), through Kysely. Migrations are static and run with migrateToLatest(); the log and the
 * decision records are append-only in the database itself (migrations/append-only.ts).
 */
export type {
  RegistrySchema,
  IsoTime,
  Flag,
  VersionStatus,
  JobState,
  NamespacesTable,
  PrincipalsTable,
  ApiTokensTable,
  GrantsTable,
  ModelsTable,
  ModelVersionsTable,
  VersionFilesTable,
  BlobsTable,
  AliasesTable,
  AliasEventsTable,
  ApprovalsTable,
  LogHeadTable,
  LogEntriesTable,
  TreeNodesTable,
  CheckpointsTable,
  JobsTable,
} from './schema.ts';
export {
  parseDatabaseUrl,
  redactDatabaseUrl,
  type DatabaseEngine,
  type DatabaseTarget,
} from './database-url.ts';
export {
  openRegistryDatabase,
  type RegistryDatabase,
  type OpenDatabaseOptions,
} from './open-database.ts';
export { migrateToLatest } from './migrate.ts';
export { APPEND_ONLY_TABLES } from './migrations/append-only.ts';
export { writeTransaction } from './write-transaction.ts';
export { appendLogEntry, logSize, type NewLogEntry } from './log-append.ts';
export { classifyDbError, type DbErrorKind } from './db-errors.ts';
