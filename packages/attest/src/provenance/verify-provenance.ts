import { resolve } from 'node:path';
import { isMlsecError, MlsecError, snippet } from '@mlsec/core';
import { subjectDigest } from '../manifest/index.ts';
import { verifyBundle } from '../verify/verify-bundle.ts';
import type { Signer, TrustPolicy } from '../verify/verify-bundle.ts';
import { hashDataset, hashModel, type HashTreeOptions } from './dataset-manifest.ts';
import { describeDiff, isEmptyDiff, type FileDiff } from '../verify/file-diff.ts';
import { diffFiles } from '../verify/model-diff.ts';
import {
  parseProvenanceStatement,
  type ProvenanceRecord,
  type RecordedDataset,
} from './read-statement.ts';
import type { FileDigest } from './types.ts';

/** Options for {@link verifyProvenance}. */
export interface VerifyProvenanceOptions {
  /** Who must have signed the bundle. */
  readonly policy: TrustPolicy;
  /** The model file or folder on disk, compared with `subject[0]`. */
  readonly model: string;
  /**
   * Dataset name → path on disk. Datasets not named here are looked for at their recorded path,
   * resolved against `cwd`. A name the provenance does not record is ATTEST_BAD_OPTIONS.
   */
  readonly datasets?: Readonly<Record<string, string>>;
  /**
   * Check the signature, the statement and the model only: for a verifier that holds no datasets (a
   * model registry). Recorded dataset paths are then never resolved or read.
   */
  readonly skipDatasets?: boolean;
  /** Folder recorded dataset paths are resolved against (default the process's current folder). */
  readonly cwd?: string;
  /** Hashing progress for the model and each dataset. */
  readonly onStep?: (step: {
    readonly kind: 'model' | 'dataset';
    readonly name: string;
    readonly path: string;
  }) => void;
  readonly onProgress?: HashTreeOptions['onProgress'];
}

/** One reason the provenance does not hold; `code` is one of core's ERROR_CODES. */
export interface ProvenanceProblem {
  readonly code: string;
  readonly message: string;
  /** The model's or dataset's name, when the problem is about one. */
  readonly subject?: string;
  /** Files that differ, when they could be named. */
  readonly files?: FileDiff;
}

/** The outcome of {@link verifyProvenance}. */
export interface ProvenanceVerification {
  /** True only when the signature, the model and every dataset check out. */
  readonly verified: boolean;
  readonly problems: readonly ProvenanceProblem[];
  /** The signed statement, once the signature verified. */
  readonly record?: ProvenanceRecord;
  readonly signer?: Signer;
  /** Each dataset checked and the path it was read from. */
  readonly datasets: readonly {
    readonly name: string;
    readonly path: string;
    readonly ok: boolean;
  }[];
}

/**
 * Verify signed provenance: the bundle's signature under `policy` (VERIFY_* codes), the statement's
 * shape (PROVENANCE_STATEMENT_INVALID), the model on disk against `subject[0]`, naming modified, missing
 * and extra files from the per-file subjects (PROVENANCE_SUBJECT_MISMATCH), and every recorded dataset
 * on disk against its manifest (PROVENANCE_DATASET_MISMATCH, PROVENANCE_DATASET_NOT_FOUND). Nothing is
 * read from disk until the signature holds. Bad bundles and mismatches are results, not throws; a
 * missing model folder throws ATTEST_MODEL_NOT_FOUND.
 *
 * @example
 * const result = await verifyProvenance(bundleBytes, { policy: { kind: 'key', publicKeyPem }, model: 'out/model' });
 * if (!result.verified) for (const p of result.problems) console.error(p.code, p.message);
 */
export async function verifyProvenance(
  bundle: Uint8Array,
  options: VerifyProvenanceOptions,
): Promise<ProvenanceVerification> {
  const signed = await verifyBundle(bundle, options.policy);
  if (!signed.ok) return failed(signed.issues);
  const parsed = parseProvenanceStatement(signed.value.payload);
  if (!parsed.ok) return failed(parsed.issues);
  const record = parsed.value;
  const overrides = options.datasets ?? {};
  for (const name of Object.keys(overrides)) {
    if (!record.datasets.some((d) => d.name === name)) {
      const known = record.datasets.map((d) => snippet(d.name, 60)).join(', ') || 'none';
      throw new MlsecError(
        'ATTEST_BAD_OPTIONS',
        `the provenance records no dataset named ${snippet(name, 60)} (recorded: ${known})`,
      );
    }
  }
  const problems: ProvenanceProblem[] = [...consistency(record)];
  const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };

  options.onStep?.({ kind: 'model', name: record.model.name, path: options.model });
  const model = await hashModel(options.model, progress);
  const modelProblem = compare(
    'PROVENANCE_SUBJECT_MISMATCH',
    `model ${snippet(record.model.name, 80)}`,
    record.model.name,
    { sha256: record.model.sha256, files: record.modelFiles },
    model,
  );
  if (modelProblem !== undefined) problems.push(modelProblem);

  const datasets: { name: string; path: string; ok: boolean }[] = [];
  for (const d of options.skipDatasets === true ? [] : record.datasets) {
    const path = Object.hasOwn(overrides, d.name)
      ? (overrides[d.name] as string)
      : resolve(options.cwd ?? '.', d.path);
    options.onStep?.({ kind: 'dataset', name: d.name, path });
    const problem = await checkDataset(d, path, progress);
    datasets.push({ name: d.name, path, ok: problem === undefined });
    if (problem !== undefined) problems.push(problem);
  }
  return {
    verified: problems.length === 0,
    problems,
    record,
    signer: signed.value.signer,
    datasets,
  };
}

async function checkDataset(
  d: RecordedDataset,
  path: string,
  progress: HashTreeOptions,
): Promise<ProvenanceProblem | undefined> {
  let tree;
  try {
    tree = await hashDataset(path, progress);
  } catch (error) {
    if (isMlsecError(error)) {
      return {
        code: error.code,
        message: `dataset ${snippet(d.name, 80)}: ${error.message}`,
        subject: d.name,
      };
    }
    throw error;
  }
  return compare(
    'PROVENANCE_DATASET_MISMATCH',
    `dataset ${snippet(d.name, 80)}`,
    d.name,
    { sha256: d.sha256, files: d.files ?? [] },
    tree,
  );
}

/**
 * Compare a tree on disk with what was recorded. The OMS root digest covers the file digests in path
 * order but not the names, so when per-file digests were recorded the names are compared too: a file
 * renamed without changing its place in the order keeps the root digest, and must still fail.
 */
function compare(
  code: 'PROVENANCE_SUBJECT_MISMATCH' | 'PROVENANCE_DATASET_MISMATCH',
  what: string,
  subject: string,
  recorded: { readonly sha256: string; readonly files: readonly FileDigest[] },
  actual: { readonly rootSha256: string; readonly files: readonly FileDigest[] },
): ProvenanceProblem | undefined {
  if (recorded.files.length === 0) {
    if (actual.rootSha256 === recorded.sha256) return undefined;
    const message = `${what} differs from the provenance (its files were not listed, so the changed file cannot be named)`;
    return { code, subject, message };
  }
  const files = diffFiles(recorded.files, actual.files);
  if (isEmptyDiff(files) && actual.rootSha256 === recorded.sha256) return undefined;
  const detail = isEmptyDiff(files) ? 'the root digest differs' : describeDiff(files);
  return { code, subject, files, message: `${what} differs from the provenance: ${detail}` };
}

/** Listed per-file digests must add up to the recorded root digest (else the statement is corrupt). */
function consistency(record: ProvenanceRecord): ProvenanceProblem[] {
  const out: ProvenanceProblem[] = [];
  const rootOf = (files: readonly FileDigest[]) =>
    subjectDigest({
      resources: files.map((f) => ({ name: f.name, algorithm: 'sha256', digest: f.sha256 })),
    });
  if (record.modelFiles.length > 0 && rootOf(record.modelFiles) !== record.model.sha256) {
    out.push({
      code: 'PROVENANCE_STATEMENT_INVALID',
      subject: record.model.name,
      message: 'the per-file model subjects do not add up to subject[0]',
    });
  }
  for (const d of record.datasets) {
    if (d.files !== undefined && rootOf(d.files) !== d.sha256) {
      out.push({
        code: 'PROVENANCE_STATEMENT_INVALID',
        subject: d.name,
        message: `the files listed for dataset ${snippet(d.name, 80)} do not add up to its digest`,
      });
    }
  }
  return out;
}

function failed(issues: readonly { code: string; message: string }[]): ProvenanceVerification {
  return {
    verified: false,
    problems: issues.map((i) => ({ code: i.code, message: i.message })),
    datasets: [],
  };
}
