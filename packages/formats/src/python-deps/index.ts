/**
 * Python dependency files: requirements/constraints files and pip freeze output, pyproject.toml (PEP 621
 * and Poetry), poetry.lock, uv.lock, Pipfile.lock and conda environment files, each read into a list of
 * requirements (name, specifier, pinned version, extras, markers, hashes, line) with issues.
 */
export { parseCondaEnvironment } from './conda-env.ts';
export { PYDEPS_ISSUE_CODES } from './issue-codes.ts';
export type { PydepsIssueCode } from './issue-codes.ts';
export { parsePipfileLock, parsePoetryLock, parseUvLock } from './lock-files.ts';
export {
  isValidPackageName,
  MAX_PACKAGE_NAME_LENGTH,
  normalizePackageName,
} from './package-name.ts';
export { parsePep508, pinnedVersion } from './pep508.ts';
export type { Pep508Requirement } from './pep508.ts';
export { poetryConstraint } from './poetry-constraint.ts';
export { parsePyproject } from './pyproject.ts';
export { parsePipFreeze, parseRequirementsTxt } from './requirements.ts';
export type {
  PythonDependencies,
  PythonDepsSource,
  PythonRequirement,
  RequirementPin,
  RequirementReference,
} from './types.ts';
