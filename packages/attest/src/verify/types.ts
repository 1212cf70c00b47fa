import type { SigstoreBundle } from '../bundle/types.ts';

/** What a signature must chain to, by signing method. */
export type TrustPolicy =
  /** A raw ECDSA key (`model_signing verify key`): the public key PEM. */
  | { readonly kind: 'key'; readonly publicKeyPem: string }
  /** A certificate chain in the bundle, anchored in one of these roots, checked at `at` (default now). */
  | { readonly kind: 'certificate'; readonly anchorsPem: string; readonly at?: Date }
  /**
   * Sigstore keyless: the Fulcio certificate's SAN (email or URI) and OIDC issuer extension must equal
   * these; `trustedRoot` (trusted_root.json text) replaces the shipped public-good root.
   */
  | {
      readonly kind: 'keyless';
      readonly identity: string;
      readonly issuer: string;
      readonly trustedRoot?: string;
    };

/** Who signed, as far as the verification established it. */
export type Signer =
  | { readonly kind: 'key'; readonly hint: string; readonly curve: string }
  | {
      readonly kind: 'certificate';
      readonly subject: string;
      readonly issuer: string;
      readonly hint: string;
    }
  | { readonly kind: 'keyless'; readonly identity: string; readonly issuer: string };

/** A bundle whose signature verified under the policy: only `payload` may be trusted, byte for byte. */
export interface VerifiedEnvelope {
  /** The exact payload bytes the signature covers (parse these; never re-serialise). */
  readonly payload: Uint8Array;
  readonly payloadType: string;
  readonly signer: Signer;
  /** The parsed bundle, for reporting (media type, material kind). */
  readonly bundle: SigstoreBundle;
}
