import type { Readable } from 'node:stream';

/** What `put` learned about the blob it stored (or found already stored). */
export interface PutResult {
  /** SHA-256 of the plaintext, 64 lowercase hex characters: the blob's address. */
  readonly sha256: string;
  /** Plaintext length in bytes. */
  readonly size: number;
  /** False when a blob with this digest was already visible (the put was a no-op). */
  readonly created: boolean;
}

/** Options of {@link BlobStore.put}. */
export interface PutOptions {
  /** Refuse (REGISTRY_BLOB_TOO_LARGE, nothing stored) once the source passes this many bytes. */
  readonly maxBytes: number;
  /** When given, the bytes must hash to it (REGISTRY_BLOB_DIGEST_MISMATCH, nothing stored). */
  readonly expectedSha256?: string;
}

/** Size of a visible blob. */
export interface BlobStat {
  readonly sha256: string;
  /** Plaintext length in bytes (as stored; `get` re-checks the content). */
  readonly size: number;
}

/** Options of {@link BlobStore.sweep}. */
export interface SweepOptions {
  /**
   * Only temporaries older than this are removed, so that uploads still running in this or another
   * process keep theirs. Default 24 hours; tests pass 0.
   */
  readonly olderThanMs?: number;
}

/**
 * A content-addressed, immutable blob store: a blob's address is the SHA-256 of its plaintext.
 *
 * - `put` streams the source to a temporary place while hashing it and makes it visible under its digest
 *   only once complete; a failure or a crash leaves at most temporaries, which `sweep` removes.
 * - `get` streams the blob back and re-hashes it as it goes: the stream errors with
 *   REGISTRY_BLOB_CORRUPT when the bytes no longer match the digest (tampered, truncated, extended).
 *   **Consumers must not trust, act on or publish any byte until the stream has ended without error**:
 *   write to a temporary file and rename it into place only after `end`, or fail the whole response.
 * - Visible blobs are never changed; `remove` exists for administrators only.
 */
export interface BlobStore {
  /** Store the bytes of `source`; a digest already visible makes this a no-op (`created: false`). */
  put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult>;
  /** A byte stream of the blob that errors (REGISTRY_BLOB_CORRUPT) if it no longer matches `sha256`. */
  get(sha256: string): Promise<Readable>;
  /** The blob's size, or undefined when no blob has this digest. */
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** Whether a blob with this digest is visible. */
  has(sha256: string): Promise<boolean>;
  /** Remove temporaries left by failed or crashed puts; returns how many were removed. */
  sweep(options?: SweepOptions): Promise<number>;
  /** Administrators only: delete a visible blob (breaks immutability on purpose). True if it existed. */
  remove(sha256: string): Promise<boolean>;
}

/** A temporary place being written by one put. */
export interface BlobWriter {
  /** Append bytes. The caller may reuse `chunk` once this resolves: a writer that keeps bytes copies them. */
  write(chunk: Uint8Array): Promise<void>;
  /** Make the written bytes visible under `sha256`; false if that digest was already visible. */
  commit(sha256: string): Promise<boolean>;
  /** Drop the temporary (best effort; never throws). */
  abort(): Promise<void>;
}

/** Where the stored bytes live: a folder or a bucket. Knows nothing of hashing or encryption. */
export interface BlobBackend {
  /** Start a temporary; `expectedSha256` lets a backend write straight to an invisible final place. */
  begin(hint: { readonly expectedSha256?: string }): Promise<BlobWriter>;
  /** The stored bytes under `sha256`, or undefined when there are none. */
  read(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Stored length under `sha256`, or undefined. */
  size(sha256: string): Promise<number | undefined>;
  /** Remove temporaries older than `olderThanMs`; returns how many. */
  sweep(olderThanMs: number): Promise<number>;
  /** Delete the stored bytes under `sha256`; true if they existed. */
  remove(sha256: string): Promise<boolean>;
}

/** A reversible transform between plaintext and stored bytes (encryption at rest). */
export interface BlobCodec {
  encode(plain: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /** Must throw REGISTRY_BLOB_CORRUPT (or _KEY_MISMATCH) rather than yield unauthenticated bytes. */
  decode(stored: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /** Plaintext length for a stored length (undefined if no plaintext has that encoding). */
  plainSize(storedSize: number): number | undefined;
}
