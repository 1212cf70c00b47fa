import type { AuthenticatedPrincipal, Principal } from '../../access/principal.ts';
import type { PullVolumeAlert } from '../../access/pull-volume.ts';
import type { BlobStore } from '../../blobs/index.ts';
import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../../db/open-database.ts';
import type { RegistrySchema } from '../../db/schema.ts';
import type { ApproverCheck, Actor, VersionRef } from '../../service/index.ts';
import { MlsecError } from '@mlsec/core';

/** What the model routes need from the running registry. */
export interface RegistryContext {
  readonly database: RegistryDatabase;
  readonly blobs: BlobStore;
  /** Largest single file (blob) accepted on upload. */
  readonly maxBlobBytes: number;
  /** The principal's row (id and name) for the log and the foreign keys. */
  actorOf(principal: AuthenticatedPrincipal): Promise<Actor>;
  readonly isApprover: ApproverCheck;
  /**
   * Queue a registered version's checks (scan, signature) inside the registering transaction, so the
   * job exists exactly when the version row does; the checks then mark it ready or failed.
   */
  enqueueChecks(trx: Kysely<RegistrySchema>, ref: VersionRef): Promise<void>;
  /**
   * Told of every file download (principal, bytes) inside the transaction that logs it: the
   * exfiltration signal counts them and returns an alert when one crosses its threshold, which is
   * logged with the pull.
   */
  onPull?(
    trx: Kysely<RegistrySchema>,
    principal: string,
    bytes: number,
  ): Promise<PullVolumeAlert | undefined>;
  /** Called after the version's transaction committed (tests run the checks here at once). */
  afterRegister?(ref: VersionRef): Promise<void>;
}

/** The authenticated principal of a request (routes that reach here passed authorize(), so it is a user). */
export function userOf(principal: Principal): AuthenticatedPrincipal {
  if (principal.kind !== 'user') throw new MlsecError('REGISTRY_AUTH_REQUIRED', 'sign in first');
  return principal;
}
