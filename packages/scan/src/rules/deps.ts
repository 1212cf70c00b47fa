import type { RuleDef } from './rule.ts';

/** ATLAS AML.T0010.001 AI Supply Chain Compromise: AI Software (ML libraries an attacker can target). */
const AI_SOFTWARE = 'AML.T0010.001';

/** Rules of the dependency advisory checks (detectors/dependencies). */
export const DEPS_RULES: readonly RuleDef[] = [
  {
    id: 'deps/vulnerable-package',
    severity: 'high',
    title: 'Pinned Python package has a known vulnerability',
    description:
      'A requirements file, lock file, pyproject.toml, conda environment or pip freeze output pins a ' +
      'package version that an OSV advisory (Python Packaging Advisory Database) lists as affected. ' +
      'ML libraries such as MLflow, Gradio, transformers, torch, Ray and vLLM have a long record of ' +
      'remote code execution, path traversal and deserialisation flaws, and an environment built from ' +
      'this file installs the vulnerable version. One finding per package and advisory names the ' +
      'advisory and CVE ids, the versions that fix it and the date of the advisory snapshot. Severity ' +
      "comes from the advisory's CVSS 3.x base score; advisories with only a CVSS 4.0 vector or no " +
      'score are reported as high.',
    fix:
      'Upgrade to a version the finding lists as fixed (and regenerate the lock file), or remove the ' +
      'package. When no fix exists, check whether the vulnerable feature is reachable in your ' +
      'deployment and record the decision in a baseline. Refresh the advisory data with ' +
      '`mlsec advisories update --from DIR` to check against newer advisories.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1395'],
  },
  {
    id: 'deps/unpinned-requirement',
    severity: 'low',
    title: 'Requirement does not pin a version',
    description:
      'The requirement allows a range of versions (or any version, a URL, a path or an editable ' +
      'install), so which version gets installed depends on the day and the index, and it cannot be ' +
      'checked against advisories. The message says when the allowed range includes versions that ' +
      'known advisories affect. A range pinned by a `-c` constraints file counts as pinned. Entries of ' +
      'lock files and pip freeze output are pinned by construction: there only direct URL and VCS ' +
      'sources are reported, as info.',
    fix:
      'Pin exact versions with hashes for deployments (pip-compile --generate-hashes, `uv lock`, ' +
      '`poetry lock`) and check the lock file; keep ranges for libraries, but exclude known-affected ' +
      'versions (e.g. `mlflow>=2.10.0`).',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1357'],
  },
  {
    id: 'deps/invalid-version',
    severity: 'medium',
    title: 'Pinned version is not a PEP 440 version',
    description:
      'The requirement pins a version string that is not a valid PEP 440 version, so it could not be ' +
      'compared with advisory ranges: the package was not checked. pip refuses such versions; other ' +
      'installers may resolve them unexpectedly.',
    fix: 'Write the version in PEP 440 form (e.g. `==2.9.2`, `==1.0.0rc1`) and scan again.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1395'],
  },
  {
    id: 'deps/unparseable',
    severity: 'high',
    title: 'Dependency file could not be parsed',
    description:
      'A file named like a Python dependency file (requirements, constraints, pyproject.toml, ' +
      'poetry.lock, uv.lock, Pipfile.lock, conda environment) is not valid TOML, YAML or JSON, uses ' +
      'YAML aliases, or exceeds the size limit. None of its packages were checked: the scanner fails ' +
      'closed.',
    fix:
      'Fix the syntax (the installer would fail on it too) or regenerate the lock file with its tool, ' +
      'then scan again.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1395', 'CWE-20'],
  },
  {
    id: 'deps/entry-skipped',
    severity: 'medium',
    title: 'Dependency entry could not be read',
    description:
      'A line or entry of a dependency file is not a valid requirement, has the wrong type, is longer ' +
      'than the string limit, or lies past the entry limit. It was skipped, so the package it names ' +
      'was not checked. Unknown pip options are reported as info.',
    fix: 'Correct the entry (pip reports the same line as an error) and scan again.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-20'],
  },
  {
    id: 'deps/include-unreadable',
    severity: 'high',
    title: 'Included requirements file could not be read',
    description:
      'A requirements file includes another with `-r`/`-c` (or a conda `pip:` list does), but that ' +
      'file is missing, not a regular file or larger than the size cap. The packages it would add ' +
      'or constrain were not checked; pip would fail or install something else.',
    fix: 'Fix the include path (it is relative to the including file) or add the missing file.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1395'],
  },
  {
    id: 'deps/include-not-followed',
    severity: 'medium',
    title: 'Included requirements file was not followed',
    description:
      'An `-r`/`-c` include was not read: the file is inside an archive, the include is a URL, it ' +
      'leads outside the scanned folder, or includes nest deeper than five levels. Includes that form ' +
      'a cycle are reported as low (every file of the cycle is still checked once). Packages of a ' +
      'file that was not read were not checked.',
    fix:
      'Scan the included file itself (extract the archive, download the URL, or scan from a folder ' +
      'that contains both files), or flatten the include chain.',
    atlas: [AI_SOFTWARE],
    cwe: ['CWE-1395'],
  },
];
