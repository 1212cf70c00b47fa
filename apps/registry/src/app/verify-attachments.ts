import { join } from 'node:path';
import { verifyModel, verifyProvenance } from '@mlsec/attest';
import type { Signer } from '@mlsec/attest';
import { isMlsecError, snippet } from '@mlsec/core';
import type { ProvenanceEvidence, SignatureEvidence, TrustEntry } from '../gates/index.ts';

/** The pushed files laid out on disk: the folder, and its one file when the version has only one. */
export interface PushedModel {
  readonly dir: string;
  readonly onlyFile?: string;
}

/** A signature whose signer is trusted but whose files are not the pushed ones. */
export interface SignatureVerdict extends SignatureEvidence {
  /** Set when a trusted signer signed other bytes: the version must not become ready. */
  readonly mismatch?: string;
}

const NO_TRUST =
  'the namespace policy trusts no key, certificate authority or identity (see trust: in the gate policy)';

function identityOf(signer: Signer): SignatureEvidence['identity'] {
  if (signer.kind === 'keyless') return { issuer: signer.issuer, subject: signer.identity };
  if (signer.kind === 'certificate') return { issuer: signer.issuer, subject: signer.subject };
  return undefined;
}

function verified(
  entry: TrustEntry,
  signer: Signer | undefined,
  detail: string,
): SignatureEvidence {
  const identity = signer === undefined ? undefined : identityOf(signer);
  return {
    verified: true,
    trustedAs: entry.name,
    ...(entry.fingerprint === undefined ? {} : { keyId: entry.fingerprint }),
    ...(identity === undefined ? {} : { identity }),
    detail,
  };
}

/**
 * Verify an OpenSSF model-signing bundle against the model laid out in `modelDir` (the pushed files,
 * read back from the blob store) under each trust entry in turn, as `model_signing verify` would: the
 * signature, the statement, then every signed file re-hashed with the statement's own serialization.
 * The first entry under which everything holds wins. A trusted signature over other files is a
 * `mismatch`. Never throws for a bad bundle.
 */
export async function verifySignatureAttachment(
  bundle: string,
  model: PushedModel,
  trust: readonly TrustEntry[],
): Promise<SignatureVerdict> {
  if (trust.length === 0) return { verified: false, detail: NO_TRUST };
  const bytes = new TextEncoder().encode(bundle);
  let firstFailure: string | undefined;
  for (const entry of trust) {
    const result = await verifyModel({
      modelPath: model.dir,
      // A one-file version may have been signed as that file rather than as a folder.
      ...(model.onlyFile === undefined ? {} : { onlyFile: model.onlyFile }),
      bundle: bytes,
      // Outside the model folder: nothing in the model is taken for the bundle and left out.
      bundleName: join(model.dir, '..', 'signature.sig'),
      policy: entry.policy,
    });
    if (result.verified) return verified(entry, result.signer, result.message);
    if (result.signer !== undefined) {
      // The signature holds under this entry: the failure is about the files or the statement.
      const message = `${result.code ?? 'VERIFY_MODEL_MISMATCH'}: ${snippet(result.message, 400)}`;
      return {
        verified: false,
        trustedAs: entry.name,
        ...(entry.fingerprint === undefined ? {} : { keyId: entry.fingerprint }),
        detail: message,
        mismatch: message,
      };
    }
    firstFailure ??= `${result.code ?? 'VERIFY_BUNDLE_SHAPE'}: ${snippet(result.message, 200)}`;
  }
  return {
    verified: false,
    detail: `no trusted key, certificate authority or identity verifies the signature (${trust.length} tried; first: ${firstFailure ?? 'no result'})`,
  };
}

/**
 * Verify provenance attached to a version: a bundle signed by a trusted signer whose subject is exactly
 * the pushed model. Datasets are not checked: the registry does not hold them (their manifests stay
 * in the statement for `mlsec provenance verify` where the data lives).
 */
export async function verifyProvenanceAttachment(
  bundle: string,
  model: PushedModel,
  trust: readonly TrustEntry[],
): Promise<ProvenanceEvidence> {
  if (trust.length === 0) return { verified: false, detail: NO_TRUST };
  const bytes = new TextEncoder().encode(bundle);
  let firstFailure: string | undefined;
  for (const entry of trust) {
    let result;
    try {
      const verify = (path: string) =>
        verifyProvenance(bytes, { policy: entry.policy, model: path, skipDatasets: true });
      result = await verify(model.dir);
      if (!result.verified && result.signer !== undefined && model.onlyFile !== undefined) {
        // A one-file version's provenance may name that file rather than a folder.
        const asFile = await verify(model.onlyFile);
        if (asFile.verified) result = asFile;
      }
    } catch (error) {
      if (!isMlsecError(error)) throw error;
      return { verified: false, detail: `${error.code}: ${snippet(error.message, 300)}` };
    }
    const builder = result.record?.builderId;
    const withBuilder = builder === undefined ? {} : { builder };
    if (result.verified) {
      return {
        verified: true,
        ...withBuilder,
        detail: `signed by trusted ${snippet(entry.name, 120)}; the subject is the pushed model`,
      };
    }
    const first = result.problems[0];
    const problem =
      first === undefined ? 'not verified' : `${first.code}: ${snippet(first.message, 300)}`;
    if (result.signer !== undefined) return { verified: false, ...withBuilder, detail: problem };
    firstFailure ??= problem;
  }
  return {
    verified: false,
    detail: `no trusted key, certificate authority or identity verifies the provenance (${trust.length} tried; first: ${firstFailure ?? 'no result'})`,
  };
}
