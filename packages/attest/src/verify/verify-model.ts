import { basename, resolve } from 'node:path';
import { isMlsecError, snippet } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { MODEL_SIGNING_PREDICATE_V1, parseModelStatement } from '../bundle/statement.ts';
import { buildManifest, subjectDigest } from '../manifest/index.ts';
import type { Manifest, ManifestProgress } from '../manifest/index.ts';
import { hashPlanOf } from './hash-plan.ts';
import { isSafeResourceName, unsignedPaths } from './listed-only.ts';
import { describeDiff, NO_DIFF, type FileDiff } from './file-diff.ts';
import { diffResources } from './model-diff.ts';
import type { Signer, TrustPolicy } from './types.ts';
import { verifyBundle } from './verify-bundle.ts';

/** Options for {@link verifyModel}. */
export interface VerifyModelOptions {
  readonly modelPath: string;
  /** The bundle bytes (untrusted). */
  readonly bundle: Uint8Array;
  /** The bundle's path as given: named in messages, and ignored when it lies inside the model. */
  readonly bundleName: string;
  readonly policy: TrustPolicy;
  /** Extra paths to leave out, on top of the git defaults and the bundle's `ignore_paths`. */
  readonly ignore?: readonly string[];
  /** Let files the signature does not list pass (they are not even read). */
  readonly allowUnsignedFiles?: boolean;
  readonly onProgress?: (progress: ManifestProgress) => void;
  /**
   * The one file of `modelPath` when it is a folder holding a single file (as a registry lays out a
   * one-file version): a signature made over that file alone (resource ".") is checked against it.
   */
  readonly onlyFile?: string;
}

/** The outcome: `verified` only when the signature, the statement and every signed file check out. */
export interface ModelVerification {
  readonly verified: boolean;
  /** A VERIFY_* (or ATTEST_* for a model that cannot be hashed) code when not verified. */
  readonly code?: string;
  readonly message: string;
  readonly signer?: Signer;
  readonly diff: FileDiff;
  /** Signed resources (files or shards) compared, and the root digest, once the statement is read. */
  readonly resourceCount?: number;
  readonly rootDigest?: string;
}

/** A verified payload is bounded by the bundle size limit; this is only a second guard. */
const MAX_STATEMENT_BYTES = 64 * 1024 * 1024;

/**
 * Verify a model against a model-signing bundle, as `model_signing verify` does: the signature under the
 * policy, the in-toto statement, its root digest, then a re-hash of the model with the statement's own
 * serialization, compared file by file. Never throws for bad input or a bad model.
 */
export async function verifyModel(options: VerifyModelOptions): Promise<ModelVerification> {
  const name = snippet(options.bundleName, 200);
  const envelope = await verifyBundle(options.bundle, options.policy);
  if (!envelope.ok) return failed(envelope.issues[0], name);
  const signer = envelope.value.signer;
  const st = parseModelStatement(envelope.value.payload, MAX_STATEMENT_BYTES);
  if (!st.ok) return failed(st.issues[0], name, signer);
  const statement = st.value;
  const v1 = statement.predicateType === MODEL_SIGNING_PREDICATE_V1;
  const root = v1 ? subjectDigest(statement) : undefined;
  if (v1 && root !== statement.subjectSha256) {
    return no(
      VERIFY_CODES.VERIFY_ROOT_DIGEST,
      `${name}: the subject digest does not match the listed resources`,
      signer,
    );
  }
  const plan = hashPlanOf(statement);
  if (typeof plan === 'string')
    return no(VERIFY_CODES.VERIFY_STATEMENT, `${name}: ${plan}`, signer);
  const sharded = plan.mode !== 'file';
  const names = new Set(statement.resources.map((r) => r.name));
  if (names.size !== statement.resources.length) {
    return no(VERIFY_CODES.VERIFY_STATEMENT, `${name}: a resource is listed twice`, signer);
  }
  if (statement.resources.length === 0) {
    // model_signing <= 1.1.1 signs empty models; OMS v1.0 says verifiers MUST reject them.
    return no(VERIFY_CODES.VERIFY_STATEMENT, `${name}: the signature lists no files`, signer);
  }
  const files = new Set(
    statement.resources.map((r) => (sharded ? r.name.replace(/:\d+:\d+$/s, '') : r.name)),
  );
  const unsafe = [...files].find((f) => !isSafeResourceName(f));
  if (unsafe !== undefined) {
    return no(
      VERIFY_CODES.VERIFY_STATEMENT,
      `${name}: unsafe resource name "${snippet(unsafe, 80)}"`,
      signer,
    );
  }
  // A file-signed statement ("." only) over a folder holding just that file: check the file.
  const modelArg =
    options.onlyFile !== undefined && files.size === 1 && files.has('.')
      ? options.onlyFile
      : options.modelPath;
  let manifest: Manifest;
  try {
    const modelPath = resolve(modelArg);
    const unsigned =
      options.allowUnsignedFiles === true ? await unsignedPaths(modelPath, files) : [];
    if (unsigned === undefined)
      return no(VERIFY_CODES.VERIFY_MODEL_MISMATCH, 'the model has too many files', signer);
    manifest = await buildManifest(modelPath, {
      mode: plan.mode,
      allowSymlinks: plan.allowSymlinks,
      signatureFile: resolve(options.bundleName),
      ignore: [...plan.ignorePaths, ...(options.ignore ?? []), ...unsigned],
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } catch (err) {
    if (!isMlsecError(err)) throw err;
    return no(err.code, `${snippet(modelArg, 200)}: ${err.message}`, signer);
  }
  // A single-file model's one resource is named "."; name the file itself in the report.
  const raw = diffResources(statement.resources, manifest.resources, sharded);
  const named = (list: readonly string[]): string[] =>
    list.map((n) => (n === '.' ? basename(modelArg) : n));
  const diff = {
    modified: named(raw.modified),
    missing: named(raw.missing),
    extra: named(raw.extra),
  };
  const extra = options.allowUnsignedFiles === true ? [] : diff.extra;
  const counted = {
    resourceCount: statement.resources.length,
    ...(root === undefined ? {} : { rootDigest: root }),
  };
  if (diff.modified.length + diff.missing.length + extra.length > 0) {
    const shown = { ...diff, extra };
    return {
      ...no(
        VERIFY_CODES.VERIFY_MODEL_MISMATCH,
        `the model differs from its signature: ${describeDiff(shown)}`,
        signer,
      ),
      diff: shown,
      ...counted,
    };
  }
  return {
    verified: true,
    message: `verified ${statement.resources.length} signed resources`,
    signer,
    diff: NO_DIFF,
    ...counted,
  };
}

function failed(
  first: { readonly code: string; readonly message: string } | undefined,
  bundleName: string,
  signer?: Signer,
): ModelVerification {
  const code = first?.code ?? VERIFY_CODES.VERIFY_BUNDLE_SHAPE;
  return no(code, `${bundleName}: ${first?.message ?? 'not verified'}`, signer);
}

function no(code: string, message: string, signer?: Signer): ModelVerification {
  return signer === undefined
    ? { verified: false, code, message, diff: NO_DIFF }
    : { verified: false, code, message, signer, diff: NO_DIFF };
}
