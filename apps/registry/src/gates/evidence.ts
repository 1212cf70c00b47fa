import type { Severity } from '@mlsec/core';

/** What the registry knows about a version when an alias is to point at it. */
export interface GateEvidence {
  /** The principal who pushed the version; their approval never counts. */
  readonly uploader: string;
  /** Result of verifying the version's signature bundle on upload, when it has one. */
  readonly signature?: {
    readonly verified: boolean;
    /** Fingerprint of the verifying key, for key-signed bundles. */
    readonly keyId?: string;
    /** Certificate identity, for keyless (Sigstore) bundles. */
    readonly identity?: { readonly issuer: string; readonly subject: string };
  };
  /** The scanner's findings on upload; undefined when no scan completed. */
  readonly scan?: {
    readonly findings: readonly { readonly ruleId: string; readonly severity: Severity }[];
  };
  /** Provenance attached to the version, when present. */
  readonly provenance?: { readonly verified: boolean; readonly builder?: string };
  /** Evaluation metrics attached to the version, by name. */
  readonly metrics?: Readonly<Record<string, number>>;
  /**
   * Approvals of this version for this alias. `isApprover` says whether the principal holds the
   * approver role in the namespace now (the caller asks authorize(principal, 'approve', …)).
   */
  readonly approvals?: readonly { readonly principal: string; readonly isApprover: boolean }[];
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
