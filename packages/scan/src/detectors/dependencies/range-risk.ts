import type { AdvisoryIndex } from '../../advisories/match.ts';
import { parseSpecifierSet, specifierSetContains } from '../../advisories/pep440-specifier.ts';
import { formatVersion, parseVersion } from '../../advisories/pep440-version.ts';
import type { Pep440Version } from '../../advisories/pep440-version.ts';

/**
 * Advisories that affect some version a specifier set allows. Whether a version is allowed and whether
 * it is affected only change at the versions the specifiers and the advisories name, so it is enough to
 * test those versions and a version just above each (`X.0.0.0.1` for a final release X): an open
 * interval between two such versions has a member there or at its lower end. Returns the advisory ids
 * (sorted), or undefined when the specifier set is not PEP 440.
 */
export function advisoriesInRange(
  index: AdvisoryIndex,
  name: string,
  specifier: string,
): string[] | undefined {
  const specs = parseSpecifierSet(specifier);
  if (specs === undefined) return undefined;
  if (!index.knows(name)) return [];
  const points = new Map<string, Pep440Version>();
  const add = (text: string): void => {
    const parsed = parseVersion(text);
    if (parsed === undefined) return;
    points.set(formatVersion(parsed), parsed);
    const above = justAbove(parsed);
    if (above) points.set(formatVersion(above), above);
  };
  add('0');
  for (const version of index.versionsOf(name)) add(version);
  for (const spec of specs) if (spec.version !== undefined) add(formatVersion(spec.version));
  const ids = new Set<string>();
  for (const [text, version] of points) {
    if (!specifierSetContains(specs, version)) continue;
    for (const match of index.match(name, text)) ids.add(match.id);
  }
  return [...ids].sort();
}

/** A final release just above `version`, below any other release that names more components. */
function justAbove(version: Pep440Version): Pep440Version | undefined {
  if (version.pre || version.post !== undefined || version.dev !== undefined || version.local)
    return undefined;
  return { epoch: version.epoch, release: [...version.release, 0, 0, 0, 1] };
}
