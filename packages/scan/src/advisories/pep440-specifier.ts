import {
  compareRelease,
  compareVersions,
  formatVersion,
  isPrerelease,
  parseVersion,
  publicVersion,
} from './pep440-version.ts';
import type { Pep440Version } from './pep440-version.ts';

/**
 * PEP 440 version specifiers (`>=1.0, !=1.3.*, <2`): parsing and containment. Operators `~=`, `==`,
 * `!=`, `<=`, `>=`, `<`, `>`, `===`; `==`/`!=` take a trailing `.*` prefix match.
 */

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface Specifier {
  readonly operator: SpecifierOperator;
  /** The version text as written (for `===`, compared as a string). */
  readonly text: string;
  /** The parsed version (without `.*`); undefined only for `===` with a non-PEP 440 string. */
  readonly version?: Pep440Version;
  readonly wildcard: boolean;
}

/** Most clauses in one specifier set. */
export const MAX_SPECIFIER_CLAUSES = 64;

const OPERATORS: readonly SpecifierOperator[] = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

/** Parse one clause (`>=1.0`); undefined when it is not a valid specifier. */
export function parseSpecifier(input: string): Specifier | undefined {
  const text = input.trim();
  const operator = OPERATORS.find((op) => text.startsWith(op));
  if (operator === undefined) return undefined;
  const rest = text.slice(operator.length).trim();
  if (rest === '') return undefined;
  if (operator === '===') {
    const version = parseVersion(rest);
    return version
      ? { operator, text: rest, version, wildcard: false }
      : { operator, text: rest, wildcard: false };
  }
  const wildcard = rest.endsWith('.*');
  if (wildcard && operator !== '==' && operator !== '!=') return undefined;
  const version = parseVersion(wildcard ? rest.slice(0, -2) : rest);
  if (version === undefined) return undefined;
  if (wildcard && version.local !== undefined) return undefined;
  if (operator === '~=' && (version.release.length < 2 || version.local !== undefined)) {
    return undefined;
  }
  if (operator !== '==' && operator !== '!=' && version.local !== undefined) return undefined;
  return { operator, text: rest, version, wildcard };
}

/** Parse a comma-separated specifier set; undefined when any clause is invalid. Empty text is an empty set. */
export function parseSpecifierSet(input: string): Specifier[] | undefined {
  const trimmed = input.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(',');
  if (parts.length > MAX_SPECIFIER_CLAUSES) return undefined;
  const out: Specifier[] = [];
  for (const part of parts) {
    const spec = parseSpecifier(part);
    if (spec === undefined) return undefined;
    out.push(spec);
  }
  return out;
}

/** Does `candidate` satisfy this one clause (pre-releases are not filtered here)? */
export function specifierContains(spec: Specifier, candidate: Pep440Version): boolean {
  const target = spec.version;
  if (spec.operator === '===') {
    return formatVersion(candidate) === spec.text.toLowerCase();
  }
  if (target === undefined) return false;
  switch (spec.operator) {
    case '==':
      return spec.wildcard ? prefixMatch(target, candidate) : equalVersions(target, candidate);
    case '!=':
      return spec.wildcard ? !prefixMatch(target, candidate) : !equalVersions(target, candidate);
    case '~=': {
      const prefix = { epoch: target.epoch, release: target.release.slice(0, -1) };
      return (
        compareVersions(publicVersion(candidate), target) >= 0 && prefixMatch(prefix, candidate)
      );
    }
    case '<=':
      return compareVersions(publicVersion(candidate), target) <= 0;
    case '>=':
      return compareVersions(publicVersion(candidate), target) >= 0;
    case '<': {
      const c = publicVersion(candidate);
      if (compareVersions(c, target) >= 0) return false;
      // `<V` excludes pre-releases of V itself unless V is a pre-release.
      return isPrerelease(target) || !isPrerelease(c) || !sameRelease(c, target);
    }
    case '>': {
      const c = publicVersion(candidate);
      if (compareVersions(c, target) <= 0) return false;
      // `>V` excludes post-releases of V unless V is one, and local versions of V.
      if (
        target.post === undefined &&
        c.post !== undefined &&
        sameRelease(c, target) &&
        c.pre === undefined
      ) {
        return false;
      }
      return !(candidate.local !== undefined && compareVersions(c, target) === 0);
    }
  }
}

/**
 * Does `candidate` satisfy every clause? Pre-releases are accepted when `prereleases` is true, or, by
 * default, when a clause names a pre-release (PEP 440's rule for installers).
 */
export function specifierSetContains(
  specs: readonly Specifier[],
  candidate: Pep440Version,
  prereleases?: boolean,
): boolean {
  const allowPre =
    prereleases ?? specs.some((s) => s.version !== undefined && isPrerelease(s.version));
  if (!allowPre && isPrerelease(candidate)) return false;
  return specs.every((s) => specifierContains(s, candidate));
}

/** `==V` without local label ignores the candidate's local label; with one, it must match too. */
function equalVersions(target: Pep440Version, candidate: Pep440Version): boolean {
  const c = target.local === undefined ? publicVersion(candidate) : candidate;
  return compareVersions(c, target) === 0;
}

/** `==1.2.*`: the candidate's release padded with zeros starts with the prefix (and the rest matches). */
function prefixMatch(
  prefix: Pick<Pep440Version, 'epoch' | 'release' | 'pre' | 'post' | 'dev'>,
  candidate: Pep440Version,
): boolean {
  if (prefix.epoch !== candidate.epoch) return false;
  const length = prefix.release.length;
  const head = candidate.release.slice(0, length);
  while (head.length < length) head.push(0);
  const hasSuffix =
    prefix.pre !== undefined || prefix.post !== undefined || prefix.dev !== undefined;
  if (!hasSuffix) return head.every((n, i) => n === prefix.release[i]);
  // A prefix with a pre/post/dev part (`==1.0rc1.*`): compare the normal forms as text.
  const p = formatVersion({ ...prefix, release: prefix.release });
  return formatVersion(publicVersion(candidate)).startsWith(p);
}

function sameRelease(a: Pep440Version, b: Pep440Version): boolean {
  return a.epoch === b.epoch && compareRelease(a.release, b.release) === 0;
}
