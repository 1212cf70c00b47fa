import type { HashPool } from './hash-pool.ts';

/**
 * Manifest types, shaped like the OpenSSF `model_signing` v1.x predicate (notes §1.4): one resource per
 * file (`files` method) or per shard (`shards` method), each `{ name, algorithm, digest }` with a
 * lower-case hex digest.
 */

/** One hashed file or shard. `name` is a model-relative POSIX path (`"."` for a single-file model). */
export interface ManifestResource {
  readonly name: string;
  /** `sha256` for whole files, `sha256-sharded-<N>` for shards (what the reference emits). */
  readonly algorithm: string;
  /** Lower-case hex. */
  readonly digest: string;
}

/** How the model was hashed; maps one-to-one onto `predicate.serialization`. */
export type ManifestSerialization =
  | {
      readonly method: 'files';
      readonly hashType: 'sha256';
      readonly allowSymlinks: boolean;
      readonly ignorePaths: readonly string[];
    }
  | {
      readonly method: 'shards';
      readonly hashType: 'sha256';
      readonly shardSize: number;
      readonly allowSymlinks: boolean;
      readonly ignorePaths: readonly string[];
    };

/** A model manifest: resources in the reference's order (component-wise path order, then shard start). */
export interface Manifest {
  /** Informational subject name: the last component of the resolved model path. */
  readonly modelName: string;
  readonly resources: readonly ManifestResource[];
  readonly serialization: ManifestSerialization;
}

/** Options for {@link buildManifest}. */
export interface BuildManifestOptions {
  /** `'file'`: one SHA-256 per file; `{ shardSize }`: each file cut into `shardSize`-byte shards. */
  readonly mode: 'file' | { readonly shardSize: number };
  /**
   * Extra paths to leave out, model-relative (POSIX or native separators) or absolute inside the model.
   * A path excludes itself and everything below it.
   */
  readonly ignore?: readonly string[];
  /** Leave out `.git`, `.github`, `.gitattributes`, `.gitignore` at the model root (default true). */
  readonly ignoreGitPaths?: boolean;
  /** Signature file to leave out, model-relative; default `model.sig`; `false` for none. */
  readonly signatureFile?: string | false;
  /** Hash symlinked files by their target's content (default false: any symlink is an error). */
  readonly allowSymlinks?: boolean;
  /** Refuse models with more files, or shards in shards mode, than this (default 1,000,000). */
  readonly maxFiles?: number;
  /** Files hashed at the same time when hashing in-process (default 4); each uses one read buffer. */
  readonly concurrency?: number;
  /**
   * Worker threads hashing files and shards in parallel (default `os.availableParallelism()`); 0 or 1
   * hashes in-process.
   */
  readonly workers?: number;
  /**
   * A pool to hash on, kept by the caller across calls; it is used for every model, however small.
   * `workers`, `parallelMinBytes` and `readBufferBytes` then do not apply.
   */
  readonly pool?: HashPool;
  /** Models smaller than this many bytes are hashed in-process, sparing worker start-up (default 64 MiB). */
  readonly parallelMinBytes?: number;
  /** Size of each reused read buffer, one per worker or in-process lane (default 512 KiB). */
  readonly readBufferBytes?: number;
  /**
   * Called as hashing advances: once before the first byte, after each file or shard, and at least every
   * 64 MiB within one. The last call has `bytesDone === bytesTotal` and `filesDone === filesTotal`.
   */
  readonly onProgress?: (progress: ManifestProgress) => void;
}

/** How far {@link buildManifest} has got; totals are known once the model has been listed. */
export interface ManifestProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}
