/**
 * Python package advisories: PEP 440 versions and specifiers, CVSS scores, OSV records compiled into
 * mlsec's advisory database, and matching (package, version) pairs against it.
 */
export type {
  Advisory,
  AdvisoryDatabase,
  AffectedPackage,
  RangeEvent,
  SeverityVector,
} from './advisory.ts';
export { ADVISORY_DB_FORMAT } from './advisory.ts';
export { compileOsvRecord, rangeContains } from './compile-osv.ts';
export type { CompileResult } from './compile-osv.ts';
export { parseCvss, ratingOf } from './cvss.ts';
export type { CvssScore } from './cvss.ts';
export {
  bundledAdvisories,
  MAX_ADVISORY_DB_BYTES,
  parseAdvisoryDatabase,
  writeAdvisoryDatabase,
} from './database.ts';
export { advisoryName, checkRequirements, CONDA_PYPI_NAMES } from './check-requirements.ts';
export type { RequirementCheck } from './check-requirements.ts';
export { createAdvisoryIndex } from './match.ts';
export type { AdvisoryIndex, AdvisoryMatch } from './match.ts';
export { compareVersions, formatVersion, isPrerelease, parseVersion } from './pep440-version.ts';
export type { Pep440Version } from './pep440-version.ts';
export { parseSpecifier, parseSpecifierSet, specifierSetContains } from './pep440-specifier.ts';
export type { Specifier, SpecifierOperator } from './pep440-specifier.ts';
export { readOsvDirectory } from './read-osv-dir.ts';
export type { OsvDirectoryOptions, OsvDirectoryResult } from './read-osv-dir.ts';
