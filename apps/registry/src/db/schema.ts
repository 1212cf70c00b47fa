import type { ColumnType, Generated } from 'kysely';

/**
 * The registry's tables as Kysely sees them, identical on SQLite and PostgreSQL (migrations/ creates
 * them). Conventions, chosen so both drivers return the same JavaScript values:
 *
 * - Times are ISO-8601 UTC text with milliseconds (`new Date().toISOString()`), which sorts in time
 *   order on both engines; a CHECK keeps the shape.
 * - Integers are JavaScript numbers: `bigint` columns on PostgreSQL are parsed to numbers and refused
 *   past Number.MAX_SAFE_INTEGER (open-postgres.ts), SQLite integers are numbers already.
 * - Flags are 0 or 1 (SQLite has no boolean and better-sqlite3 refuses to bind one).
 * - JSON documents are text, stored as written (canonical JSON for the log); the caller parses them.
 * - Content digests are lower-case hex SHA-256 text; Merkle tree hashes are 32 raw bytes.
 */
export interface RegistrySchema {
  namespaces: NamespacesTable;
  principals: PrincipalsTable;
  api_tokens: ApiTokensTable;
  grants: GrantsTable;
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  version_files: VersionFilesTable;
  blobs: BlobsTable;
  namespace_blobs: NamespaceBlobsTable;
  aliases: AliasesTable;
  alias_events: AliasEventsTable;
  approvals: ApprovalsTable;
  log_head: LogHeadTable;
  log_entries: LogEntriesTable;
  tree_nodes: TreeNodesTable;
  checkpoints: CheckpointsTable;
  jobs: JobsTable;
  pull_volume: PullVolumeTable;
  pull_alerts: PullAlertsTable;
}

/** Model bytes one principal pulled in one time bucket (the pull-volume signal's counters). */
export interface PullVolumeTable {
  principal: string;
  /** Time bucket index: milliseconds since the epoch divided by the bucket length. */
  bucket: number;
  bytes: number;
}

/** When a principal last raised the pull-volume alert (ms since the epoch). */
export interface PullAlertsTable {
  principal: string;
  last_alert_ms: number;
}

/** An ISO-8601 UTC timestamp, e.g. `2026-11-26T09:47:23.000Z`. */
export type IsoTime = string;

/** 0 for false, 1 for true. */
export type Flag = 0 | 1;

/** A model version's lifecycle: visible to pulls and promotions only when `ready`. */
export type VersionStatus = 'pending' | 'ready' | 'failed';

/** A queued job's lifecycle. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A namespace: the unit of access control and gate policy. */
export interface NamespacesTable {
  id: Generated<number>;
  name: string;
  public: ColumnType<Flag, Flag | undefined, Flag>;
  /** The gate policy YAML as uploaded, or null for none. */
  gate_policy: string | null;
  created_at: IsoTime;
}

/** A user or service identity. OIDC principals also carry (issuer, subject), unique together. */
export interface PrincipalsTable {
  id: Generated<number>;
  name: string;
  kind: 'user' | 'service';
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: IsoTime;
}

/** An API token: only the SHA-256 of the secret is stored. */
export interface ApiTokensTable {
  /** Public lookup id (part of the token string). */
  id: string;
  /** Hex SHA-256 of the whole token string. */
  secret_sha256: string;
  principal_id: number;
  /** JSON array of `{namespace, role}`: the namespaces and roles the token is limited to. */
  scope: string;
  description: string;
  created_at: IsoTime;
  expires_at: IsoTime;
  revoked_at: IsoTime | null;
  last_used_at: IsoTime | null;
}

/** A role held by a principal in a namespace (by name; `*` means every namespace). */
export interface GrantsTable {
  id: Generated<number>;
  namespace: string;
  principal_id: number;
  role: 'reader' | 'publisher' | 'approver' | 'admin';
  created_at: IsoTime;
}

/** A named model inside a namespace. */
export interface ModelsTable {
  id: Generated<number>;
  namespace_id: number;
  name: string;
  created_at: IsoTime;
}

/** One immutable version of a model; (model_id, version) is unique. */
export interface ModelVersionsTable {
  id: Generated<number>;
  model_id: number;
  version: string;
  /** Hex SHA-256 of the version's file manifest. */
  manifest_digest: string;
  status: ColumnType<VersionStatus, VersionStatus | undefined, VersionStatus>;
  status_message: string | null;
  /** The OMS signature bundle (JSON text) as uploaded. */
  signature_bundle: string | null;
  /** The provenance statement (JSON text) as uploaded. */
  provenance: string | null;
  /** The artifact scan's summary (JSON text), once the scan job ran. */
  scan_summary: string | null;
  /** Evaluation metrics (JSON text object of name to number). */
  metrics: string | null;
  uploader_id: number;
  created_at: IsoTime;
}

/** A file of a version: its path inside the model and the blob holding its bytes. */
export interface VersionFilesTable {
  version_id: number;
  path: string;
  sha256: string;
  size: number;
}

/** A stored blob, addressed by the hex SHA-256 of its plaintext. */
export interface BlobsTable {
  sha256: string;
  size: number;
  encrypted: Flag;
  created_at: IsoTime;
}

/** A blob uploaded to a namespace: a version may list only its own namespace's blobs. */
export interface NamespaceBlobsTable {
  namespace_id: number;
  sha256: string;
  created_at: IsoTime;
}

/** A named pointer (production, canary, …) from a model to one of its versions. */
export interface AliasesTable {
  id: Generated<number>;
  model_id: number;
  name: string;
  version_id: number;
  updated_at: IsoTime;
}

/** One move of an alias (append-only). `from_version_id` is null for the first assignment. */
export interface AliasEventsTable {
  id: Generated<number>;
  alias_id: number;
  from_version_id: number | null;
  to_version_id: number;
  actor_id: number;
  reason: string;
  at: IsoTime;
}

/** An approval of a version for an alias by an approver (append-only). */
export interface ApprovalsTable {
  id: Generated<number>;
  version_id: number;
  alias: string;
  approver_id: number;
  at: IsoTime;
}

/** The log sequencer: one row (id 1) whose `size` is the number of log entries. */
export interface LogHeadTable {
  id: number;
  size: number;
}

/** One transparency-log leaf (append-only). `log_index` runs 0, 1, 2, … without gaps. */
export interface LogEntriesTable {
  log_index: number;
  kind: string;
  /** The canonical JSON (RFC 8785) of the entry: the leaf data. */
  body: string;
  /** RFC 9162 leaf hash, SHA-256(0x00 ‖ body), 32 bytes. */
  leaf_hash: Uint8Array;
  at: IsoTime;
}

/** The hash of one complete subtree of the log's Merkle tree (append-only). */
export interface TreeNodesTable {
  level: number;
  node_index: number;
  hash: Uint8Array;
}

/** A signed checkpoint (C2SP signed note) of the log (append-only). */
export interface CheckpointsTable {
  id: Generated<number>;
  tree_size: number;
  root_hash: Uint8Array;
  note: string;
  at: IsoTime;
}

/** A unit of background work (scan, verify) for the in-process queue. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON text. */
  payload: string;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: ColumnType<number, number | undefined, number>;
  run_after: IsoTime;
  locked_by: string | null;
  locked_until: IsoTime | null;
  last_error: string | null;
  created_at: IsoTime;
}
