/**
 * The kinds of entry the registry appends to its transparency log, one per state change or download.
 * Entries are plain JSON values encoded canonically (RFC 8785), so the same entry always hashes to the
 * same leaf, in any language. Timestamps are ISO 8601 UTC strings; sizes are numbers of bytes.
 */

import type { Role } from '../access/roles.ts';

/** A file of a model version, as its signed manifest lists it. */
export interface VersionFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

interface Base {
  /** Who did it (a principal name), and when. */
  readonly by: string;
  readonly at: string;
}

export interface NamespaceCreated extends Base {
  readonly kind: 'namespace_created';
  readonly namespace: string;
  readonly public: boolean;
}

export interface GrantChanged extends Base {
  readonly kind: 'grant_changed';
  readonly namespace: string;
  readonly principal: string;
  readonly role: Role;
  /** True when the role was granted, false when it was taken away. */
  readonly granted: boolean;
}

export interface TokenCreated extends Base {
  readonly kind: 'token_created';
  readonly tokenId: string;
  readonly principal: string;
  /** SHA-256 of the token secret, hex (the secret itself is never logged or stored). */
  readonly secretSha256: string;
  /** Exactly what the token may do: a role per namespace (`*` for every namespace). */
  readonly scope: readonly { readonly namespace: string; readonly role: Role }[];
  readonly expiresAt: string | null;
}

export interface TokenRevoked extends Base {
  readonly kind: 'token_revoked';
  readonly tokenId: string;
}

export interface PolicyChanged extends Base {
  readonly kind: 'policy_changed';
  readonly namespace: string;
  /** SHA-256 of the gate policy text, hex. */
  readonly policySha256: string;
}

export interface VersionRegistered extends Base {
  readonly kind: 'version_registered';
  readonly namespace: string;
  readonly model: string;
  readonly version: string;
  /** SHA-256 of the canonical manifest (the files below), hex. */
  readonly manifestSha256: string;
  readonly files: readonly VersionFile[];
  /** SHA-256 of the signature bundle and of the provenance stored with the version, when given. */
  readonly signatureSha256: string | null;
  readonly provenanceSha256: string | null;
}

export interface VersionChecked extends Base {
  readonly kind: 'version_ready' | 'version_failed';
  readonly namespace: string;
  readonly model: string;
  readonly version: string;
  /** Why a version failed, or a summary of the checks that passed (scan verdict, signer). */
  readonly detail: string;
}

export interface AliasMoved extends Base {
  readonly kind: 'alias_moved';
  readonly namespace: string;
  readonly model: string;
  readonly alias: string;
  /** The version the alias pointed at before (null for a new alias), and now. */
  readonly from: string | null;
  readonly to: string;
  readonly reason: string;
  readonly rollback: boolean;
}

export interface ApprovalAdded extends Base {
  readonly kind: 'approval_added';
  readonly namespace: string;
  readonly model: string;
  readonly version: string;
  readonly alias: string;
}

export interface ModelPulled extends Base {
  readonly kind: 'model_pulled';
  readonly namespace: string;
  readonly model: string;
  readonly version: string;
  readonly bytes: number;
}

/**
 * The exfiltration signal fired: `by` pulled more model bytes in the window than its own baseline or
 * the registry's ceiling allows. Logged with the pull that crossed the line; no state changes.
 */
export interface PullVolumeAlerted extends Base {
  readonly kind: 'pull_volume_alert';
  readonly reason: string;
  readonly windowBytes: number;
  readonly thresholdBytes: number;
}

export type LogEntry =
  | NamespaceCreated
  | GrantChanged
  | TokenCreated
  | TokenRevoked
  | PolicyChanged
  | VersionRegistered
  | VersionChecked
  | AliasMoved
  | ApprovalAdded
  | ModelPulled
  | PullVolumeAlerted;

export type LogEntryKind = LogEntry['kind'];
