import { normalizePackageName } from '@mlsec/formats';
import type { Advisory, AffectedPackage, RangeEvent, SeverityVector } from './advisory.ts';
import { compareVersions, parseVersion } from './pep440-version.ts';
import type { Pep440Version } from './pep440-version.ts';

/**
 * Reduce one OSV record (already parsed from YAML or JSON, so untrusted data) to an Advisory: the PyPI
 * `affected[]` entries with their ECOSYSTEM ranges, the explicitly listed versions the ranges do not
 * cover, CVSS vectors, ids, dates and the summary and details cut short. Every list and string is
 * bounded; a record without an id or a PyPI package gives undefined and a reason.
 */

export const MAX_SUMMARY_LENGTH = 200;
export const MAX_DETAILS_LENGTH = 400;
const MAX_ID_LENGTH = 128;
const MAX_LIST = 10_000;

export type CompileResult =
  | { readonly ok: true; readonly advisory: Advisory }
  | { readonly ok: false; readonly reason: string };

export function compileOsvRecord(record: unknown): CompileResult {
  if (!isObject(record)) return { ok: false, reason: 'not an object' };
  const id = shortString(record.id, MAX_ID_LENGTH);
  if (id === undefined || id === '') return { ok: false, reason: 'no id' };
  const affected: AffectedPackage[] = [];
  for (const entry of list(record.affected)) {
    const compiled = compileAffected(entry);
    if (compiled) affected.push(compiled);
  }
  if (affected.length === 0) return { ok: false, reason: `${id}: no PyPI package` };
  const advisory: {
    -readonly [K in keyof Advisory]: Advisory[K];
  } = {
    id,
    aliases: list(record.aliases).flatMap((a) => {
      const alias = shortString(a, MAX_ID_LENGTH);
      return alias ? [alias] : [];
    }),
    summary: cut(record.summary, MAX_SUMMARY_LENGTH),
    details: cut(record.details, MAX_DETAILS_LENGTH),
    severity: list(record.severity).flatMap((s): SeverityVector[] => {
      if (!isObject(s)) return [];
      const type = shortString(s.type, 32);
      const vector = shortString(s.score, 512);
      return type && vector && type.startsWith('CVSS_') ? [{ type, vector }] : [];
    }),
    affected,
  };
  const modified = dateString(record.modified);
  const published = dateString(record.published);
  const withdrawn = dateString(record.withdrawn);
  if (modified) advisory.modified = modified;
  if (published) advisory.published = published;
  if (withdrawn) advisory.withdrawn = withdrawn;
  return { ok: true, advisory };
}

function compileAffected(entry: unknown): AffectedPackage | undefined {
  if (!isObject(entry) || !isObject(entry.package)) return undefined;
  if (entry.package.ecosystem !== 'PyPI') return undefined;
  const name = shortString(entry.package.name, 200);
  if (!name) return undefined;
  const ranges: RangeEvent[][] = [];
  for (const range of list(entry.ranges)) {
    if (!isObject(range) || range.type !== 'ECOSYSTEM') continue;
    const events: RangeEvent[] = [];
    for (const event of list(range.events)) {
      if (!isObject(event)) continue;
      const introduced = versionString(event.introduced);
      const fixed = versionString(event.fixed);
      const lastAffected = versionString(event.last_affected);
      if (introduced !== undefined) events.push({ introduced });
      else if (fixed !== undefined) events.push({ fixed });
      else if (lastAffected !== undefined) events.push({ last_affected: lastAffected });
    }
    if (events.length > 0) ranges.push(events);
  }
  const listed = list(entry.versions).flatMap((v) => {
    const s = versionString(v);
    return s === undefined ? [] : [s];
  });
  const versions = listed.filter((v) => {
    const parsed = parseVersion(v);
    return parsed === undefined || !ranges.some((r) => rangeContains(r, parsed));
  });
  return { name: normalizePackageName(name), ranges, versions };
}

/**
 * Is `version` inside an OSV ECOSYSTEM range? Events pair up in order: an `introduced` opens an interval
 * that the next `fixed` (exclusive) or `last_affected` (inclusive) closes; an interval left open has no
 * upper end. `introduced: "0"` is below every version. An event whose version is not PEP 440 makes the
 * range unusable (false): the explicit versions list still applies.
 */
export function rangeContains(events: readonly RangeEvent[], version: Pep440Version): boolean {
  let lower: Pep440Version | 'zero' | undefined;
  for (const event of events) {
    if ('introduced' in event) {
      if (lower !== undefined && above(version, lower)) return true; // an open interval, then another
      if (event.introduced === '0') lower = 'zero';
      else {
        const parsed = parseVersion(event.introduced);
        if (parsed === undefined) return false;
        lower = parsed;
      }
      continue;
    }
    if (lower === undefined) continue; // an upper end without a lower one: nothing opened
    const bound = parseVersion('fixed' in event ? event.fixed : event.last_affected);
    if (bound === undefined) return false;
    const order = compareVersions(version, bound);
    const below = 'fixed' in event ? order < 0 : order <= 0;
    if (above(version, lower) && below) return true;
    lower = undefined;
  }
  return lower !== undefined && above(version, lower);
}

function above(version: Pep440Version, lower: Pep440Version | 'zero'): boolean {
  return lower === 'zero' || compareVersions(version, lower) >= 0;
}

/** The OSV fields read here; anything else in a record is ignored. */
type OsvField =
  | 'id'
  | 'aliases'
  | 'summary'
  | 'details'
  | 'severity'
  | 'modified'
  | 'published'
  | 'withdrawn'
  | 'affected'
  | 'package'
  | 'ecosystem'
  | 'name'
  | 'ranges'
  | 'type'
  | 'events'
  | 'introduced'
  | 'fixed'
  | 'last_affected'
  | 'versions'
  | 'score';
type OsvObject = { readonly [K in OsvField]?: unknown };

function isObject(value: unknown): value is OsvObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_LIST) : [];
}

function shortString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** Versions are text (YAML is read with the failsafe schema, so `fixed: 1.10` stays `1.10`). */
function versionString(value: unknown): string | undefined {
  return shortString(value, 256);
}

function dateString(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return shortString(value, 64);
}

function cut(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
