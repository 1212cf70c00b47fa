import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isAtLeast } from '@mlsec/core';
import { scanPaths } from '@mlsec/scan';
import type { BlobStore } from '../blobs/index.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { VersionChecks, VersionRef } from '../service/index.ts';

/** The job kind that checks a pushed version before it becomes visible. */
export const VERSION_CHECK_JOB = 'version-checks';

/**
 * Check a pushed version: its files are read back from the blob store (each read re-hashes, so a blob
 * changed since upload fails here) into a private temporary folder laid out as the model, and the
 * artifact scanner runs over them, never executing anything. The version becomes `ready` with the
 * findings recorded as evidence for the gates, or `failed` when a finding is critical (code execution
 * on load): such a model is never served. Signature bundles are kept with the version; verifying them
 * against the namespace's trusted keys is recorded as not done yet (`signature.verified: false`), so a
 * gate that requires a signature refuses until it is.
 */
export async function runVersionChecks(
  database: RegistryDatabase,
  blobs: BlobStore,
  ref: VersionRef,
): Promise<VersionChecks> {
  const version = await database.db
    .selectFrom('model_versions as v')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
    .select(['v.id', 'v.signature_bundle'])
    .where('n.name', '=', ref.namespace)
    .where('m.name', '=', ref.model)
    .where('v.version', '=', ref.version)
    .executeTakeFirstOrThrow();
  const files = await database.db
    .selectFrom('version_files')
    .select(['path', 'sha256'])
    .where('version_id', '=', version.id)
    .execute();
  const root = await mkdtemp(join(tmpdir(), 'mlsec-registry-check-'));
  try {
    for (const file of files) {
      const target = join(root, 'model', file.path);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(await blobs.get(file.sha256), createWriteStream(target, { mode: 0o600 }));
    }
    const report = await scanPaths([join(root, 'model')], {
      cwd: join(root, 'model'),
      jobs: 1,
      only: ['artifacts'],
    });
    const findings = report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      path: f.location.path,
    }));
    const critical = findings.filter((f) => isAtLeast(f.severity, 'critical'));
    const summary = {
      scan: { findings: findings.map(({ ruleId, severity }) => ({ ruleId, severity })) },
      ...(version.signature_bundle === null ? {} : { signature: { verified: false } }),
    };
    if (critical.length > 0) {
      const rules = [...new Set(critical.map((f) => `${f.ruleId} in ${f.path}`))]
        .slice(0, 5)
        .join(', ');
      return { ready: false, detail: `critical findings: ${rules}`, summary };
    }
    return {
      ready: true,
      detail: `scanned ${files.length} files: ${findings.length} findings, none critical`,
      summary,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
