/**
 * @mlsec/registry: the tamper-evident model registry behind `mlsec registry` (issue 6). Areas: access
 * (roles, tokens, OIDC, authorize), access-db, blobs, db, events, gates, http, jobs, ledger, service,
 * tlog; app ties them into a data folder (init) and a server (serve). docs/adr/0004-registry.md.
 */
export {
  initDataDir,
  openConfiguredBlobStore,
  readRegistryConfig,
  startRegistry,
} from './app/index.ts';
export type {
  EncryptionSettings,
  InitDataDirOptions,
  InitDataDirResult,
  OpenedBlobStore,
  RegistryConfig,
  RunningRegistry,
  S3Settings,
  StartOptions,
} from './app/index.ts';
export { openRegistryDatabase } from './db/open-database.ts';
export type { RegistryDatabase } from './db/open-database.ts';
export { verifyLedger } from './ledger/index.ts';
export type { BlobCheckProgress, LedgerProblem, LedgerReport } from './ledger/index.ts';
export { parseVerifierKey } from './tlog/index.ts';
