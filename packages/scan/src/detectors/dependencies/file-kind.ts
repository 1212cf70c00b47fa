import type { PythonDepsSource } from '@mlsec/formats';

/**
 * Which Python dependency file a name is. Identification by content (identify()) only says 'text' or
 * 'json' for these files, so the kind comes from the name: the last member name inside an archive, else
 * the path on disk.
 */
export type DepsFileKind = PythonDepsSource | 'constraints';

const EXACT: Readonly<Record<string, DepsFileKind>> = {
  'pyproject.toml': 'pyproject',
  'poetry.lock': 'poetry-lock',
  'uv.lock': 'uv-lock',
  'pipfile.lock': 'pipfile-lock',
};

/** environment.yml, environment-gpu.yaml, conda.yml, conda-env.yaml. */
const CONDA = /^(?:environment|conda)(?:[-_.][^/]*)?\.ya?ml$/;
/** pip's requirement-file names: requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements.in. */
const REQUIREMENTS = /^(?:requirements(?:[-_.][^/]*)?|[^/]*[-_.]requirements)\.(?:txt|in)$/;
/** Rye and pip-compile lock outputs in requirements format: requirements.lock, requirements-dev.lock. */
const REQUIREMENTS_LOCK = /^requirements(?:[-_.][^/]*)?\.lock$/;
const CONSTRAINTS = /^(?:constraints(?:[-_.][^/]*)?|[^/]*[-_.]constraints)\.txt$/;
/** Saved `pip freeze` output: a .txt whose name says freeze (pip-freeze.txt, requirements.freeze.txt). */
const FREEZE = /freeze[^/]*\.txt$/;

/**
 * The dependency-file kind of a '/'-separated name (case-insensitive), or undefined for other files.
 * Any .txt or .in file in a folder named `requirements` is a requirements file.
 */
export function dependencyFileKind(name: string): DepsFileKind | undefined {
  const parts = name.toLowerCase().split('/');
  const base = parts.at(-1) ?? '';
  const folder = parts.at(-2);
  const exact = EXACT[base];
  if (exact !== undefined) return exact;
  if (CONDA.test(base)) return 'conda-env';
  if (FREEZE.test(base)) return 'pip-freeze';
  if (CONSTRAINTS.test(base)) return 'constraints';
  if (REQUIREMENTS.test(base) || REQUIREMENTS_LOCK.test(base)) return 'requirements';
  if (folder === 'requirements' && /\.(?:txt|in)$/.test(base)) return 'requirements';
  return undefined;
}

/** Lock files and freeze output pin every registry package by construction. */
export function isLockKind(kind: DepsFileKind): boolean {
  return (
    kind === 'pip-freeze' || kind === 'poetry-lock' || kind === 'uv-lock' || kind === 'pipfile-lock'
  );
}
