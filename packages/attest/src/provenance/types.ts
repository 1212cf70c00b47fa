/**
 * The facts a training run's provenance records (what `captureProvenance` gathers and `buildStatement`
 * turns into an in-toto statement), and the statement shape itself. docs/provenance.md describes every
 * field.
 */

/** A JSON value; objects carry no prototype-sensitive keys (`__proto__`, `constructor`, `prototype`). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object (hyperparameters, annotations). */
export type JsonObject = { readonly [key: string]: JsonValue };

/** One hashed file: a POSIX path relative to its model or dataset root (`"."` for a single file). */
export interface FileDigest {
  readonly name: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** The model a run produced: the statement's subjects. */
export interface ModelFacts {
  /** `subject[0].name`: the last component of the model path (what `mlsec sign` calls the model). */
  readonly name: string;
  /** The model path as given on the command line, POSIX separators. */
  readonly path: string;
  /** OMS root digest over the files in manifest order: the `sha256` that `mlsec sign` signs. */
  readonly rootSha256: string;
  readonly files: readonly FileDigest[];
}

/** A dataset version: its files in manifest order and one root digest over them. */
export interface DatasetFacts {
  /** Unique within the statement: the path's last component, or the whole path when that repeats. */
  readonly name: string;
  /** The dataset path as given, POSIX separators (the dependency `uri` is `file:` + this). */
  readonly path: string;
  readonly rootSha256: string;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly files: readonly FileDigest[];
}

/** One GPU as `nvidia-smi --query-gpu=name,driver_version,memory.total` reports it. */
export interface GpuFacts {
  readonly name: string;
  readonly driverVersion: string;
  /** `memory.total` in bytes, when nvidia-smi gave it in MiB. */
  readonly memoryBytes?: number;
}

/** Python environment evidence: digests of lock files, and of `pip freeze` when pip exists. */
export interface PythonFacts {
  readonly lockFiles: readonly FileDigest[];
  readonly pipFreeze?: {
    /** SHA-256 of pip freeze's exact standard output. */
    readonly sha256: string;
    /** Its requirement lines (`name==version`, …), in pip's order, at most 10,000. */
    readonly packages: readonly string[];
  };
}

/** The machine the capture ran on. */
export interface EnvironmentFacts {
  /** `process.version`, e.g. `v20.20.0`. */
  readonly node: string;
  /** Operating system name and kernel release, e.g. `Linux 6.8.0-45-generic`. */
  readonly os: string;
  /** `process.arch`, e.g. `x64`. */
  readonly arch: string;
  readonly cpus: { readonly model: string; readonly count: number };
  readonly memoryBytes: number;
  readonly gpus: readonly GpuFacts[];
  readonly python: PythonFacts;
}

/** The git work tree the training code came from. */
export interface SourceFacts {
  /** The fetch remote with credentials, query and fragment removed; absent when there is none. */
  readonly remote?: string;
  /** Full hex object name of HEAD (40 hex for SHA-1 repositories, 64 for SHA-256). */
  readonly commit: string;
  /** True when tracked files differ from HEAD or untracked files exist. */
  readonly dirty: boolean;
  /** The checked-out branch; absent on a detached HEAD. */
  readonly branch?: string;
}

/** Everything {@link buildStatement} needs; a pure value, so statements are reproducible in tests. */
export interface ProvenanceFacts {
  readonly model: ModelFacts;
  readonly datasets: readonly DatasetFacts[];
  /** The `--params` object. */
  readonly hyperparameters: JsonObject;
  readonly environment: EnvironmentFacts;
  /** Absent when the repository folder is not a git work tree (or has no commit yet). */
  readonly source?: SourceFacts;
  /** mlsec version, for `runDetails.builder.id`. */
  readonly builderVersion: string;
  /** A random UUID. */
  readonly invocationId: string;
  /** RFC 3339 UTC timestamps. */
  readonly startedOn: string;
  readonly finishedOn: string;
}

/** in-toto ResourceDescriptor v1 (in-toto/attestation spec/v1/resource_descriptor.md). */
export interface ResourceDescriptor {
  readonly name?: string;
  readonly uri?: string;
  readonly digest?: { readonly [algorithm: string]: string };
  readonly annotations?: JsonObject;
}

/** The in-toto Statement v1 with a SLSA Provenance v1 predicate that mlsec writes. */
export interface ProvenanceStatement {
  readonly _type: 'https://in-toto.io/Statement/v1';
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: 'https://slsa.dev/provenance/v1';
  readonly predicate: {
    readonly buildDefinition: {
      readonly buildType: string;
      readonly externalParameters: JsonObject;
      readonly internalParameters: JsonObject;
      readonly resolvedDependencies: readonly ResourceDescriptor[];
    };
    readonly runDetails: {
      readonly builder: { readonly id: string };
      readonly metadata: {
        readonly invocationId: string;
        readonly startedOn: string;
        readonly finishedOn: string;
      };
      readonly byproducts: readonly ResourceDescriptor[];
    };
  };
}
