import { normalizePackageName } from '@mlsec/formats';
import type { Advisory, AdvisoryDatabase } from './advisory.ts';
import { rangeContains } from './compile-osv.ts';
import { parseCvss } from './cvss.ts';
import type { CvssScore } from './cvss.ts';
import { compareVersions, parseVersion } from './pep440-version.ts';

/** One advisory that affects a (package, version). */
export interface AdvisoryMatch {
  readonly id: string;
  readonly aliases: readonly string[];
  /** The CVE ids among the aliases (and the id itself when it is one). */
  readonly cves: readonly string[];
  /** The GHSA ids among the aliases. */
  readonly ghsas: readonly string[];
  readonly summary: string;
  /** Versions that fix it (the `fixed` events of the ranges the version fell in), in PEP 440 order. */
  readonly fixed: readonly string[];
  /** `last_affected` bounds of those ranges: when no fix is listed, the newest affected version. */
  readonly lastAffected: readonly string[];
  /** The highest-scoring CVSS vector, scored when it is CVSS 3.x. */
  readonly severity?: CvssScore;
  /** The database snapshot date, for the report. */
  readonly snapshotDate: string;
}

/** Advisories grouped by PEP 503 package name, for repeated look-ups. */
export interface AdvisoryIndex {
  readonly snapshotDate: string;
  /** Advisories (withdrawn ones skipped) affecting `version` of `name`; [] for an unknown package. */
  match(name: string, version: string): AdvisoryMatch[];
  /** Whether the database lists the package at all. */
  knows(name: string): boolean;
  /**
   * Every version the package's (not withdrawn) advisories name: range events other than
   * `introduced: "0"` and explicitly listed versions. Where a version range starts or stops being
   * affected, so callers can test a specifier range at these points.
   */
  versionsOf(name: string): readonly string[];
}

export function createAdvisoryIndex(db: AdvisoryDatabase): AdvisoryIndex {
  const byName = new Map<string, Advisory[]>();
  for (const advisory of db.advisories) {
    if (advisory.withdrawn !== undefined) continue;
    for (const name of new Set(advisory.affected.map((a) => a.name))) {
      const bucket = byName.get(name);
      if (bucket) bucket.push(advisory);
      else byName.set(name, [advisory]);
    }
  }
  return {
    snapshotDate: db.snapshotDate,
    knows: (name) => byName.has(normalizePackageName(name)),
    versionsOf(name) {
      const key = normalizePackageName(name);
      const out = new Set<string>();
      for (const advisory of byName.get(key) ?? []) {
        for (const affected of advisory.affected) {
          if (affected.name !== key) continue;
          for (const version of affected.versions) out.add(version);
          for (const event of affected.ranges.flat()) {
            const version =
              'introduced' in event
                ? event.introduced
                : 'fixed' in event
                  ? event.fixed
                  : event.last_affected;
            if (version !== '0') out.add(version);
          }
        }
      }
      return [...out];
    },
    match(name, version) {
      const key = normalizePackageName(name);
      const out: AdvisoryMatch[] = [];
      for (const advisory of byName.get(key) ?? []) {
        const bounds = affectedBy(advisory, key, version);
        if (bounds !== undefined) out.push(toMatch(advisory, bounds, db.snapshotDate));
      }
      return out;
    },
  };
}

interface Bounds {
  readonly fixed: readonly string[];
  readonly lastAffected: readonly string[];
}

/** The fixed and last-affected versions when `version` of `name` is affected; undefined when not. */
function affectedBy(advisory: Advisory, name: string, version: string): Bounds | undefined {
  const parsed = parseVersion(version);
  let hit = false;
  const fixed = new Set<string>();
  const lastAffected = new Set<string>();
  for (const affected of advisory.affected) {
    if (affected.name !== name) continue;
    if (affected.versions.includes(version)) hit = true;
    if (parsed === undefined) continue;
    for (const range of affected.ranges) {
      if (!rangeContains(range, parsed)) continue;
      hit = true;
      for (const event of range) {
        if ('fixed' in event) fixed.add(event.fixed);
        if ('last_affected' in event) lastAffected.add(event.last_affected);
      }
    }
  }
  if (!hit) return undefined;
  // Of a range's bounds, those at or above the version are the ones that concern it.
  const concern = (bound: string): boolean => {
    const v = parseVersion(bound);
    return parsed === undefined || v === undefined || compareVersions(v, parsed) >= 0;
  };
  return {
    fixed: sortVersions([...fixed].filter(concern)),
    lastAffected: sortVersions([...lastAffected].filter(concern)),
  };
}

function sortVersions(versions: string[]): string[] {
  return versions.sort((a, b) => {
    const x = parseVersion(a);
    const y = parseVersion(b);
    return x && y ? compareVersions(x, y) : a < b ? -1 : a > b ? 1 : 0;
  });
}

function toMatch(advisory: Advisory, bounds: Bounds, snapshotDate: string): AdvisoryMatch {
  const ids = [advisory.id, ...advisory.aliases];
  const scores = advisory.severity.flatMap((s) => {
    const parsed = parseCvss(s.vector);
    return parsed ? [parsed] : [];
  });
  const severity = scores.sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0];
  const match: { -readonly [K in keyof AdvisoryMatch]: AdvisoryMatch[K] } = {
    id: advisory.id,
    aliases: advisory.aliases,
    cves: ids.filter((id) => id.startsWith('CVE-')),
    ghsas: ids.filter((id) => id.startsWith('GHSA-')),
    summary: advisory.summary,
    fixed: bounds.fixed,
    lastAffected: bounds.lastAffected,
    snapshotDate,
  };
  if (severity) match.severity = severity;
  return match;
}
