/**
 * The registry's operations on models: register immutable versions from uploaded blobs, record their
 * checks, promote through the gates, approve, roll back, and read alias history. Every state change
 * commits with its transparency-log entry.
 */
export {
  checkFiles,
  manifestDigest,
  recordBlob,
  recordChecks,
  registerVersion,
} from './versions.ts';
export type { NewVersion, VersionChecks } from './versions.ts';
export { aliasHistory, approve, GateRefusedError, promote, rollback } from './aliases.ts';
export type { AliasHistoryEntry, AliasMove, ApproverCheck } from './aliases.ts';
export { checkName } from './refs.ts';
export type { Actor, VersionRef } from './refs.ts';
