import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isAtLeast } from '@mlsec/core';
import { scanPaths } from '@mlsec/scan';
import type { BlobStore } from '../blobs/index.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { requireGatePolicy, trustEntries } from '../gates/index.ts';
import type { VersionChecks, VersionRef } from '../service/index.ts';
import { verifyProvenanceAttachment, verifySignatureAttachment } from './verify-attachments.ts';
import type { SignatureVerdict } from './verify-attachments.ts';

/** The verdict as evidence: the mismatch flag only decides readiness. */
function withoutMismatch(verdict: SignatureVerdict): Omit<SignatureVerdict, 'mismatch'> {
  const { mismatch, ...evidence } = verdict;
  void mismatch;
  return evidence;
}

/** The job kind that checks a pushed version before it becomes visible. */
export const VERSION_CHECK_JOB = 'version-checks';

/**
 * Check a pushed version: its files are read back from the blob store (each read re-hashes, so a blob
 * changed since upload fails here) into a private temporary folder laid out as the model, and the
 * artifact scanner runs over them, never executing anything. The signature bundle and the provenance
 * pushed with the version are verified against the files and the trust section of the namespace's
 * gate policy. The version becomes `ready` with the findings and verdicts recorded as evidence for
 * the gates, or `failed` when a finding is critical (code execution on load) or a trusted signer
 * signed other files than the ones pushed: such a model is never served. A signature nobody trusted
 * is not a failure; the gates that require one refuse.
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
    .select(['v.id', 'v.signature_bundle', 'v.provenance', 'n.name as namespace', 'n.gate_policy'])
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
    const trust = trustEntries(
      version.gate_policy === null
        ? undefined
        : requireGatePolicy(version.gate_policy, `the gate policy of ${version.namespace}`),
    );
    const model = {
      dir: join(root, 'model'),
      ...(files.length === 1 && files[0] !== undefined
        ? { onlyFile: join(root, 'model', files[0].path) }
        : {}),
    };
    const signature =
      version.signature_bundle === null
        ? undefined
        : await verifySignatureAttachment(version.signature_bundle, model, trust);
    const provenance =
      version.provenance === null
        ? undefined
        : await verifyProvenanceAttachment(version.provenance, model, trust);
    const summary = {
      scan: { findings: findings.map(({ ruleId, severity }) => ({ ruleId, severity })) },
      ...(signature === undefined ? {} : { signature: withoutMismatch(signature) }),
      ...(provenance === undefined ? {} : { provenance }),
    };
    const refusals: string[] = [];
    if (critical.length > 0) {
      const rules = [...new Set(critical.map((f) => `${f.ruleId} in ${f.path}`))]
        .slice(0, 5)
        .join(', ');
      refusals.push(`critical findings: ${rules}`);
    }
    if (signature?.mismatch !== undefined) {
      refusals.push(`the files are not what the trusted signer signed (${signature.mismatch})`);
    }
    if (refusals.length > 0) return { ready: false, detail: refusals.join('; '), summary };
    const verdicts = [
      ...(signature === undefined
        ? []
        : [signature.verified ? 'signature verified' : 'signature not verified']),
      ...(provenance === undefined
        ? []
        : [provenance.verified ? 'provenance verified' : 'provenance not verified']),
    ];
    return {
      ready: true,
      detail: [
        `scanned ${files.length} files: ${findings.length} findings, none critical`,
        ...verdicts,
      ].join('; '),
      summary,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
