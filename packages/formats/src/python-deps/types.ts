/** Which kind of file a requirement list came from. */
export type PythonDepsSource =
  | 'requirements'
  | 'pip-freeze'
  | 'pyproject'
  | 'poetry-lock'
  | 'uv-lock'
  | 'pipfile-lock'
  | 'conda-env';

/**
 * How firmly a requirement names a version: `pinned` (one exact version: `==1.2`, `===1.2`, a lock
 * file entry), `range` (a specifier that allows several), `unpinned` (no specifier), `url` (a direct
 * URL or VCS reference), `editable` (`-e`), `path` (a local file or folder).
 */
export type RequirementPin = 'pinned' | 'range' | 'unpinned' | 'url' | 'editable' | 'path';

export interface PythonRequirement {
  /** The distribution name as written. */
  readonly name: string;
  /** PEP 503 normalised name (lower case, `-`). */
  readonly normalizedName: string;
  /** The PEP 440 specifier set as written or converted (Poetry `^`/`~`), '' when there is none. */
  readonly specifier: string;
  /** The exact version when the requirement pins one (not checked as PEP 440 here). */
  readonly version?: string;
  readonly pin: RequirementPin;
  readonly extras: readonly string[];
  /** The environment marker text after `;`, not evaluated. */
  readonly markers?: string;
  /** `algorithm:hex` hashes (`--hash`, lock files). */
  readonly hashes: readonly string[];
  /** The URL, VCS reference or path of a url/editable/path requirement. */
  readonly url?: string;
  /** The group: an optional-dependencies extra, a Poetry or uv group, Pipfile `develop`. */
  readonly group?: string;
  /** `conda` for conda packages of an environment file; `pypi` otherwise. */
  readonly ecosystem: 'pypi' | 'conda';
  /** 1-based line of the requirement in the file (0 when not known). */
  readonly line: number;
}

/** A `-r`/`-c` include of a requirements file, for the caller to follow (with a depth limit). */
export interface RequirementReference {
  readonly kind: 'requirements' | 'constraints';
  readonly path: string;
  readonly line: number;
}

export interface PythonDependencies {
  readonly source: PythonDepsSource;
  readonly requirements: readonly PythonRequirement[];
  readonly references: readonly RequirementReference[];
}
