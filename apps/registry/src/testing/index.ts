/**
 * Test-only entry point (`@mlsec/registry/testing`, never built into dist): the parts another
 * workspace's tests need to run a real registry server in process, e.g. the CLI's registry client
 * tests on 127.0.0.1:0.
 */
export { ANONYMOUS } from '../access/principal.ts';
export type { Principal } from '../access/principal.ts';
export { DirectoryBlobStore } from '../blobs/index.ts';
export { s3Target } from '../blobs/testing/s3-target.ts';
export { migrateToLatest } from '../db/migrate.ts';
export type { RegistryDatabase } from '../db/open-database.ts';
export { createTestDatabase } from '../db/testing/test-databases.ts';
export type { TestDatabase } from '../db/testing/test-databases.ts';
export { writeTransaction } from '../db/write-transaction.ts';
export { appendEvent } from '../ledger/append-event.ts';
export { buildServer } from '../http/server.ts';
export { registerModelRoutes } from '../http/routes/models.ts';
export { recordChecks } from '../service/index.ts';
export { addNamespace, addPrincipals } from '../service/testing/seed-service.ts';
