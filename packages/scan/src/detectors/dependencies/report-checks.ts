import { snippet } from '@mlsec/core';
import type { PythonRequirement } from '@mlsec/formats';
import { advisoryName, checkRequirements } from '../../advisories/check-requirements.ts';
import type { AdvisoryMatch } from '../../advisories/match.ts';
import type { AdvisoriesSettings } from '../../engine/settings.ts';
import { isLockKind } from './file-kind.ts';
import { dependenciesOf, hideCredentials } from './loaded-file.ts';
import type { DepsReport, LoadedFile } from './loaded-file.ts';
import { advisoriesInRange } from './range-risk.ts';
import { kindLabel } from './report-parse.ts';
import { advisorySeverity } from './severity.ts';

/** Pins and ranges that `-c` constraints files put on packages, by advisory (PyPI) name. */
interface Constraints {
  readonly pinned: ReadonlySet<string>;
  readonly specifiers: ReadonlyMap<string, readonly string[]>;
}

function constraintsOf(files: readonly LoadedFile[]): Constraints {
  const pinned = new Set<string>();
  const specifiers = new Map<string, string[]>();
  for (const file of files) {
    if (!file.constraint) continue;
    for (const requirement of dependenciesOf(file.result)?.requirements ?? []) {
      const name = advisoryName(requirement);
      if (requirement.pin === 'pinned') pinned.add(name);
      if (requirement.specifier !== '') {
        const list = specifiers.get(name);
        if (list) list.push(requirement.specifier);
        else specifiers.set(name, [requirement.specifier]);
      }
    }
  }
  return { pinned, specifiers };
}

/**
 * Check every requirement of the loaded files against the advisory database and report: each
 * (package, advisory) once per file, at the first line that pins an affected version; pins that are
 * not PEP 440; and requirements without a pin. A range that a constraints file pins is not unpinned:
 * the pin is checked in the constraints file, where it is written. Entries of constraints files that
 * do not pin install nothing and are not reported.
 */
export function reportAdvisories(
  files: readonly LoadedFile[],
  advisories: AdvisoriesSettings,
  reports: DepsReport[],
): void {
  const constraints = constraintsOf(files);
  for (const file of files) {
    const seen = new Set<string>();
    const requirements = dependenciesOf(file.result)?.requirements ?? [];
    for (const check of checkRequirements(advisories.index, requirements)) {
      const requirement = check.requirement;
      const name = advisoryName(requirement);
      if (check.status === 'affected') {
        for (const match of check.matches) {
          const key = `${name}\0${match.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          reports.push({
            path: file.path,
            input: vulnerable(requirement, name, check.version, match),
          });
        }
      } else if (check.status === 'invalid-version') {
        reports.push({ path: file.path, input: invalidVersion(requirement, name, check.version) });
      } else if (check.status === 'unpinned' && !file.constraint && !constraints.pinned.has(name)) {
        const input = unpinned(file, requirement, name, constraints, advisories);
        if (input) reports.push({ path: file.path, input });
      }
    }
  }
}

function lineOf(requirement: PythonRequirement): { line?: number } {
  return requirement.line > 0 ? { line: requirement.line } : {};
}

function vulnerable(
  requirement: PythonRequirement,
  name: string,
  version: string,
  match: AdvisoryMatch,
): DepsReport['input'] {
  const { severity, source } = advisorySeverity(match);
  const shownVersion = snippet(version, 60);
  const cves = match.cves.filter((id) => id !== match.id);
  const fix =
    match.fixed.length > 0
      ? `fixed in ${match.fixed.join(', ')}`
      : match.lastAffected.length > 0
        ? `no fixed version listed (last affected ${match.lastAffected.join(', ')})`
        : 'no fixed version listed';
  const score = match.severity?.score;
  const rating =
    score !== undefined ? `CVSS ${score.toFixed(1)} ${severity}` : `${severity} by default`;
  return {
    ruleId: 'deps/vulnerable-package',
    severity,
    message:
      `${requirement.name} ${shownVersion} is affected by ${match.id}` +
      `${cves.length > 0 ? ` (${cves.join(', ')})` : ''}${match.summary ? `: ${snippet(match.summary, 160)}` : ''}; ` +
      `${fix}; ${rating} (advisories as of ${match.snapshotDate}).`,
    ...lineOf(requirement),
    evidence: {
      package: name,
      version: shownVersion,
      advisory: match.id,
      aliases: match.aliases.join(', '),
      cves: match.cves.join(', '),
      fixed: match.fixed.join(', '),
      ...(match.lastAffected.length > 0 ? { lastAffected: match.lastAffected.join(', ') } : {}),
      ...(score !== undefined ? { cvss: score } : {}),
      ...(match.severity ? { cvssVector: match.severity.vector } : {}),
      severitySource: source,
      snapshot: match.snapshotDate,
    },
    key: [name, match.id],
  };
}

function invalidVersion(
  requirement: PythonRequirement,
  name: string,
  version: string,
): DepsReport['input'] {
  const shown = snippet(version, 60);
  return {
    ruleId: 'deps/invalid-version',
    message: `${requirement.name} is pinned to ${shown}, which is not a PEP 440 version, so it was not checked against advisories.`,
    ...lineOf(requirement),
    evidence: { package: name, version: shown },
    key: [name, version],
  };
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

const SOURCE_WORDS = {
  url: 'a URL or VCS reference',
  editable: 'an editable install',
  path: 'a local path',
};

function unpinned(
  file: LoadedFile,
  requirement: PythonRequirement,
  name: string,
  constraints: Constraints,
  advisories: AdvisoriesSettings,
): DepsReport['input'] | undefined {
  const lock = isLockKind(file.kind);
  const pin = requirement.pin;
  if (pin === 'url' || pin === 'editable' || pin === 'path') {
    // A lock file's local and editable entries are the project itself or its workspace members.
    if (lock && pin !== 'url' && !URL_LIKE.test(requirement.url ?? '')) return undefined;
    const target =
      requirement.url !== undefined ? ` (${snippet(hideCredentials(requirement.url), 120)})` : '';
    return {
      ruleId: 'deps/unpinned-requirement',
      ...(lock ? { severity: 'info' as const } : {}),
      message:
        `${requirement.name} in the ${kindLabel(file.kind)} installs from ${SOURCE_WORDS[pin]}${target}, ` +
        'which has no version to check against advisories.',
      ...lineOf(requirement),
      evidence: { package: name, pin },
      key: [name],
    };
  }
  const specifier = [requirement.specifier, ...(constraints.specifiers.get(name) ?? [])]
    .filter((s) => s !== '')
    .join(',');
  const ids = advisoriesInRange(advisories.index, name, specifier) ?? [];
  const allowed = specifier === '' ? 'any version' : `versions ${snippet(specifier, 120)}`;
  const risk =
    ids.length > 0
      ? `; that includes versions affected by ${ids.length} known ${ids.length === 1 ? 'advisory' : 'advisories'} ` +
        `(${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}; advisories as of ${advisories.snapshotDate})`
      : '';
  return {
    ruleId: 'deps/unpinned-requirement',
    ...(lock ? { severity: 'info' as const } : {}),
    message: `${requirement.name} is not pinned to one version: it allows ${allowed}${risk}.`,
    ...lineOf(requirement),
    evidence: {
      package: name,
      pin,
      specifier: snippet(specifier, 120),
      affectedAdvisories: ids.length,
      snapshot: advisories.snapshotDate,
    },
    key: [name],
  };
}
