import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { writeModelStatement } from '../bundle/write-statement.ts';
import { buildManifest, subjectDigest } from '../manifest/index.ts';
import type { Manifest, ManifestProgress } from '../manifest/index.ts';
import type { SigningKey } from '../keys/load-signing-key.ts';
import { signStatementBundle } from './sign-bundle.ts';

/** Options for {@link signModel}. */
export interface SignModelOptions {
  readonly modelPath: string;
  readonly key: SigningKey;
  /** DER certificates, leaf first: sign with the certificate method instead of a bare key. */
  readonly certificateChain?: readonly Uint8Array[];
  /** Where to write the bundle; left out of the manifest when it lies inside the model. */
  readonly signaturePath: string;
  /** Extra paths to leave out (model-relative or absolute inside the model). */
  readonly ignore?: readonly string[];
  readonly onProgress?: (progress: ManifestProgress) => void;
}

/** What {@link signModel} signed and wrote. */
export interface SignedModel {
  readonly manifest: Manifest;
  readonly rootDigest: string;
  /** The exact signed statement bytes. */
  readonly statement: Uint8Array;
  /** The bundle text written to `signaturePath`. */
  readonly bundle: string;
}

/**
 * Sign a model file or folder as `model_signing sign key|certificate` does: hash it (files, SHA-256, git
 * paths and the signature file ignored), write the v1.0 statement and sign it into a bundle at
 * `signaturePath`.
 * @throws MlsecError ATTEST_* (hashing; ATTEST_EMPTY_MODEL when no file is left), SIGN_CERT_MISMATCH,
 *   SIGN_WRITE_FAILED.
 */
export async function signModel(options: SignModelOptions): Promise<SignedModel> {
  const signaturePath = resolve(options.signaturePath);
  const manifest = await buildManifest(options.modelPath, {
    mode: 'file',
    signatureFile: signaturePath,
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  if (manifest.resources.length === 0) {
    // An empty signature would vouch for nothing, and with --allow-unsigned-files verify anything.
    throw new MlsecError(
      'ATTEST_EMPTY_MODEL',
      `no files to sign in ${snippet(options.modelPath)} after ignores`,
    );
  }
  const statement = writeModelStatement(manifest);
  const chain = options.certificateChain;
  const bundle = signStatementBundle(
    statement,
    options.key,
    chain === undefined ? {} : { certificateChain: chain },
  );
  try {
    await writeFile(signaturePath, bundle);
  } catch (cause) {
    throw new MlsecError(
      'SIGN_WRITE_FAILED',
      `cannot write the signature to ${snippet(options.signaturePath)}`,
      { cause },
    );
  }
  return { manifest, rootDigest: subjectDigest(manifest), statement, bundle };
}
