/** Media types of Sigstore bundles (sigstore protobuf-specs); model_signing always writes v0.3. */
export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle.v0.3+json',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
] as const;

/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** How the bundle identifies its signer. */
export type VerificationMaterial =
  /** `publicKey.hint` (model_signing ≥ 1.1: hex SHA-256 of the PEM SPKI text), or no hint at all. */
  | { readonly kind: 'public-key'; readonly hint?: string }
  /** Legacy model_signing ≤ 1.0.x: `publicKey.rawBytes` (the PEM text) + `keyDetails`. */
  | { readonly kind: 'public-key-raw'; readonly rawBytes: Uint8Array; readonly keyDetails?: string }
  /** `x509CertificateChain.certificates[]`: DER, leaf first (model_signing certificate method). */
  | { readonly kind: 'certificate-chain'; readonly certificates: readonly Uint8Array[] }
  /** `certificate.rawBytes`: a single leaf (Sigstore keyless, Fulcio). */
  | { readonly kind: 'certificate'; readonly certificate: Uint8Array };

/** One DSSE signature; `keyid` is ignored by model_signing ("" in v1.1+, null before). */
export interface DsseSignature {
  readonly sig: Uint8Array;
  readonly keyid?: string;
}

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md). */
export interface DsseEnvelope {
  readonly payloadType: string;
  /** The exact payload bytes that were signed: never re-serialise them. */
  readonly payload: Uint8Array;
  readonly signatures: readonly DsseSignature[];
}

/** A parsed Sigstore bundle carrying a DSSE envelope. */
export interface SigstoreBundle {
  readonly mediaType: string;
  readonly material: VerificationMaterial;
  /** Number of transparency-log entries (verified only by keyless verification, out of scope here). */
  readonly tlogEntryCount: number;
  readonly envelope: DsseEnvelope;
}
