/** Running a registry: its data folder (init), its settings, the version checks, and the server (serve). */
export { initDataDir } from './init.ts';
export type { InitDataDirOptions, InitDataDirResult } from './init.ts';
export { startRegistry } from './start.ts';
export type { RunningRegistry, StartOptions } from './start.ts';
export { readRegistryConfig, CONFIG_FILE, LOG_KEY_FILE } from './config.ts';
export type { RegistryConfig } from './config.ts';
export type { EncryptionSettings, S3Settings } from './storage-config.ts';
export { openConfiguredBlobStore } from './open-blobs.ts';
export type { OpenedBlobStore } from './open-blobs.ts';
export { runVersionChecks, VERSION_CHECK_JOB } from './checks.ts';
