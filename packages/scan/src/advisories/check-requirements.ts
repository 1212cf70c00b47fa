import type { PythonRequirement } from '@mlsec/formats';
import type { AdvisoryIndex, AdvisoryMatch } from './match.ts';
import { parseVersion } from './pep440-version.ts';

/**
 * What the advisory check says of one requirement: `affected` (pinned, with advisories), `clean`
 * (pinned, none), `unpinned` (a range, no specifier, a URL, path or editable install: no single version
 * to check), `invalid-version` (pinned to something that is not PEP 440).
 */
export type RequirementCheck =
  | {
      readonly status: 'affected';
      readonly requirement: PythonRequirement;
      readonly version: string;
      readonly matches: readonly AdvisoryMatch[];
    }
  | { readonly status: 'clean'; readonly requirement: PythonRequirement; readonly version: string }
  | { readonly status: 'unpinned'; readonly requirement: PythonRequirement }
  | {
      readonly status: 'invalid-version';
      readonly requirement: PythonRequirement;
      readonly version: string;
    };

/**
 * conda package names that differ from the PyPI distribution the advisories name (conda-forge and
 * defaults channels); other conda packages of Python libraries share the PyPI name.
 */
export const CONDA_PYPI_NAMES: Readonly<Record<string, string>> = {
  pytorch: 'torch',
  'pytorch-cpu': 'torch',
  'pytorch-gpu': 'torch',
  'py-xgboost': 'xgboost',
  'tensorflow-base': 'tensorflow',
};

/** The PyPI name advisories use for a requirement (conda names mapped). */
export function advisoryName(requirement: PythonRequirement): string {
  const name = requirement.normalizedName;
  return requirement.ecosystem === 'conda' ? (CONDA_PYPI_NAMES[name] ?? name) : name;
}

/** Check each requirement's pinned version against the advisory index. */
export function checkRequirements(
  index: AdvisoryIndex,
  requirements: readonly PythonRequirement[],
): RequirementCheck[] {
  return requirements.map((requirement): RequirementCheck => {
    const version = requirement.version;
    if (requirement.pin !== 'pinned' || version === undefined)
      return { status: 'unpinned', requirement };
    if (parseVersion(version) === undefined)
      return { status: 'invalid-version', requirement, version };
    const matches = index.match(advisoryName(requirement), version);
    return matches.length > 0
      ? { status: 'affected', requirement, version, matches }
      : { status: 'clean', requirement, version };
  });
}
