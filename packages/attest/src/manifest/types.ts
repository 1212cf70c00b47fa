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
  | { readonly method: 'files'; readonly hashType: 'sha256'; readonly allowSymlinks: boolean; readonly ignorePaths: readonly string[] }
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
  /** Refuse models with more files than this (default 1,000,000). */
  readonly maxFiles?: number;
  /** Files hashed at the same time (default 4); each uses one fixed read buffer. */
  readonly concurrency?: number;
}
