import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { MlsecError, snippet } from '@mlsec/core';
import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { classifyDbError } from '../db/db-errors.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { VersionFile } from '../events/entries.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { checkName, modelId, namespaceRow, versionRow } from './refs.ts';
import type { Actor, VersionRef } from './refs.ts';

/** What a push registers: the version's files (already uploaded as blobs) and its evidence. */
export interface NewVersion extends VersionRef {
  readonly files: readonly VersionFile[];
  /** The OMS signature bundle (JSON text), the provenance (JSON text), evaluation metrics. */
  readonly signatureBundle?: string;
  readonly provenance?: string;
  readonly metrics?: Readonly<Record<string, number>>;
}

/** What the upload checks (scan, signature, provenance verification) concluded. */
export interface VersionChecks {
  readonly ready: boolean;
  /** One line for the log: why it failed, or what passed. */
  readonly detail: string;
  /** The evidence the gates read later (see GateEvidence): scan findings, signature and provenance verdicts. */
  readonly summary: Readonly<Record<string, unknown>>;
}

const MAX_FILES = 10_000;
const SHA256 = /^[0-9a-f]{64}$/;

function invalid(message: string): MlsecError {
  return new MlsecError('REGISTRY_REQUEST_INVALID', message);
}

/** A file path inside a model: relative, `/`-separated, no `.`/`..` segments, no control characters. */
function checkPath(path: string): void {
  const segments = path.split('/');
  if (
    path.length === 0 ||
    path.length > 1024 ||
    path.startsWith('/') ||
    path.includes('\\') ||
    [...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw invalid(
      `file path ${JSON.stringify(snippet(path, 80))} is not a relative path inside the model`,
    );
  }
}

/** Files sorted by path, checked: unique plain paths, hex digests, sizes. */
export function checkFiles(files: readonly VersionFile[]): VersionFile[] {
  if (files.length === 0 || files.length > MAX_FILES) {
    throw invalid(`a version holds 1 to ${MAX_FILES} files, not ${files.length}`);
  }
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  sorted.forEach((file, i) => {
    checkPath(file.path);
    if (i > 0 && sorted[i - 1]?.path === file.path)
      throw invalid(`file ${snippet(file.path)} is listed twice`);
    if (!SHA256.test(file.sha256)) throw invalid(`file ${snippet(file.path)} has no hex SHA-256`);
    if (!Number.isSafeInteger(file.size) || file.size < 0)
      throw invalid(`file ${snippet(file.path)} has a bad size`);
  });
  return sorted.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size }));
}

/** The version's manifest digest: SHA-256 of the canonical JSON (RFC 8785) of its sorted file list. */
export function manifestDigest(files: readonly VersionFile[]): string {
  return createHash('sha256')
    .update(canonicalize(files) ?? '[]')
    .digest('hex');
}

const sha256Text = (text: string | undefined): string | null =>
  text === undefined ? null : createHash('sha256').update(text).digest('hex');

/**
 * Register an immutable version: every file must already be a stored blob of the stated size; the
 * version row, its files and its `version_registered` log entry commit together, as `pending` until
 * its checks pass. A version id already taken is refused (REGISTRY_VERSION_EXISTS), whatever its content.
 */
export async function registerVersion(
  database: RegistryDatabase,
  actor: Actor,
  input: NewVersion,
  now: Date = new Date(),
  /** Runs inside the registering transaction (queue the version's checks there: job ⇔ version row). */
  inTransaction?: (trx: Kysely<RegistrySchema>, ref: VersionRef) => Promise<void>,
): Promise<{ readonly manifestSha256: string }> {
  checkName('namespace', input.namespace);
  checkName('model', input.model);
  checkName('version', input.version);
  const files = checkFiles(input.files);
  for (const [name, value] of Object.entries(input.metrics ?? {})) {
    if (!Number.isFinite(value)) throw invalid(`metric ${snippet(name)} is not a finite number`);
  }
  const manifestSha256 = manifestDigest(files);
  const at = now.toISOString();
  try {
    await writeTransaction(database, async (trx) => {
      const ns = await namespaceRow(trx, input.namespace);
      const model = (await modelId(trx, ns.id, input.model, at, true)) as number;
      // Only blobs uploaded to this namespace: knowing a digest is not enough to read its bytes.
      const blobs = await trx
        .selectFrom('blobs as b')
        .innerJoin('namespace_blobs as nb', 'nb.sha256', 'b.sha256')
        .select(['b.sha256', 'b.size'])
        .where('nb.namespace_id', '=', ns.id)
        .where('b.sha256', 'in', [...new Set(files.map((f) => f.sha256))])
        .execute();
      const sizes = new Map(blobs.map((b) => [b.sha256, b.size]));
      for (const file of files) {
        const size = sizes.get(file.sha256);
        if (size === undefined) {
          throw new MlsecError(
            'REGISTRY_BLOB_NOT_FOUND',
            `file ${snippet(file.path)} was not uploaded`,
          );
        }
        if (size !== file.size)
          throw invalid(`file ${snippet(file.path)} is ${size} bytes, not ${file.size}`);
      }
      const version = await trx
        .insertInto('model_versions')
        .values({
          model_id: model,
          version: input.version,
          manifest_digest: manifestSha256,
          status: 'pending',
          status_message: null,
          signature_bundle: input.signatureBundle ?? null,
          provenance: input.provenance ?? null,
          scan_summary: null,
          metrics: input.metrics === undefined ? null : JSON.stringify(input.metrics),
          uploader_id: actor.id,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('version_files')
        .values(files.map((f) => ({ version_id: version.id, ...f })))
        .execute();
      await appendEvent(trx, {
        kind: 'version_registered',
        namespace: input.namespace,
        model: input.model,
        version: input.version,
        manifestSha256,
        files,
        signatureSha256: sha256Text(input.signatureBundle),
        provenanceSha256: sha256Text(input.provenance),
        by: actor.name,
        at,
      });
      const ref = { namespace: input.namespace, model: input.model, version: input.version };
      if (inTransaction !== undefined) await inTransaction(trx, ref);
    });
  } catch (error) {
    if (classifyDbError(error) === 'unique') {
      throw new MlsecError(
        'REGISTRY_VERSION_EXISTS',
        `version ${snippet(input.model)}@${snippet(input.version)} already exists; versions are immutable`,
      );
    }
    throw error;
  }
  return { manifestSha256 };
}

/** Record what the upload checks concluded: the version becomes `ready` (visible) or `failed`, logged. */
export async function recordChecks(
  database: RegistryDatabase,
  ref: VersionRef,
  checks: VersionChecks,
  now: Date = new Date(),
): Promise<void> {
  await writeTransaction(database, async (trx) => {
    const row = await versionRow(trx, ref);
    if (row.status !== 'pending') {
      throw new MlsecError('REGISTRY_VERSION_CONFLICT', `the version is already ${row.status}`);
    }
    await trx
      .updateTable('model_versions')
      .set({
        status: checks.ready ? 'ready' : 'failed',
        status_message: checks.detail,
        scan_summary: JSON.stringify(checks.summary),
      })
      .where('id', '=', row.id)
      .execute();
    await appendEvent(trx, {
      kind: checks.ready ? 'version_ready' : 'version_failed',
      ...ref,
      detail: snippet(checks.detail, 1000),
      by: 'registry',
      at: now.toISOString(),
    });
  });
}

/**
 * Note a blob stored by an upload to `namespace` (after BlobStore.put): the blob row (once, registry-wide)
 * and the namespace's claim on it, which version registration checks.
 */
export async function recordBlob(
  database: RegistryDatabase,
  namespace: string,
  blob: { readonly sha256: string; readonly size: number; readonly encrypted: boolean },
  now: Date = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await writeTransaction(database, async (trx) => {
    const ns = await namespaceRow(trx, namespace);
    await trx
      .insertInto('blobs')
      .values({
        sha256: blob.sha256,
        size: blob.size,
        encrypted: blob.encrypted ? 1 : 0,
        created_at: at,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await trx
      .insertInto('namespace_blobs')
      .values({ namespace_id: ns.id, sha256: blob.sha256, created_at: at })
      .onConflict((oc) => oc.columns(['namespace_id', 'sha256']).doNothing())
      .execute();
  });
}
