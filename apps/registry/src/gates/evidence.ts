import type { Severity } from '@mlsec/core';

/** What the registry knows about a version when an alias is to point at it. */
export interface GateEvidence {
  /** The principal who pushed the version; their approval never counts. */
  readonly uploader: string;
  /** Result of verifying the version's signature bundle on upload, when it has one. */
  readonly signature?: SignatureEvidence;
  /** The scanner's findings on upload; undefined when no scan completed. */
  readonly scan?: {
    readonly findings: readonly { readonly ruleId: string; readonly severity: Severity }[];
  };
  /** Provenance attached to the version, when present. */
  readonly provenance?: ProvenanceEvidence;
  /** Evaluation metrics attached to the version, by name. */
  readonly metrics?: Readonly<Record<string, number>>;
  /**
   * Approvals of this version for this alias. `isApprover` says whether the principal holds the
   * approver role in the namespace now (the caller asks authorize(principal, 'approve', …)).
   */
  readonly approvals?: readonly { readonly principal: string; readonly isApprover: boolean }[];
}

/** What verifying a signature bundle against the namespace's trust concluded. */
export interface SignatureEvidence {
  readonly verified: boolean;
  /** The trust entry that verified it (a name under `trust`, or the identity). */
  readonly trustedAs?: string;
  /** `sha256:` fingerprint of the verifying key or certificate authority (key and certificate methods). */
  readonly keyId?: string;
  /** Who signed: the keyless identity (SAN and OIDC issuer), or the leaf certificate's subject and issuer. */
  readonly identity?: { readonly issuer: string; readonly subject: string };
  /** What was verified, or why not. */
  readonly detail?: string;
}

/** What verifying the provenance attached to a version concluded. */
export interface ProvenanceEvidence {
  /** Signed by a trusted signer and its subject is exactly the pushed model. */
  readonly verified: boolean;
  /** `runDetails.builder.id` of a statement whose signature verified. */
  readonly builder?: string;
  readonly detail?: string;
}

/** The five gates a policy can require. */
export const GATES = ['signature', 'scan', 'provenance', 'metrics', 'approvals'] as const;

/** One of the five gates. */
export type GateName = (typeof GATES)[number];

/** The verdict of one gate, with what passed or exactly what failed. */
export interface GateResult {
  readonly gate: GateName;
  readonly passed: boolean;
  readonly detail: string;
}
