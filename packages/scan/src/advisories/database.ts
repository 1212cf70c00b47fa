import { readFileSync } from 'node:fs';
import { MlsecError, snippet } from '@mlsec/core';
import { parseJson } from '@mlsec/formats';
import { ADVISORY_DB_FORMAT } from './advisory.ts';
import type { Advisory, AdvisoryDatabase } from './advisory.ts';

/** Largest advisory database file read (the shipped one is well under 2 MiB). */
export const MAX_ADVISORY_DB_BYTES = 64 * 1024 * 1024;
const MAX_ADVISORIES = 200_000;

/**
 * Read an advisory database written by writeAdvisoryDatabase (shipped, or made by `advisories update`):
 * bounded, prototype-safe JSON, every advisory checked for shape. Throws SCAN_ADVISORIES_INVALID.
 */
export function parseAdvisoryDatabase(text: string): AdvisoryDatabase {
  if (text.length > MAX_ADVISORY_DB_BYTES) invalid('the file is larger than 64 MiB');
  const parsed = parseJson(text, {
    maxDepth: 8,
    maxEntries: 10_000_000,
    maxStringLength: 64 * 1024,
    unsafeKeys: 'drop',
  });
  if (!parsed.ok) invalid(parsed.issues[0]?.message ?? 'not JSON');
  const data = parsed.value as unknown;
  if (!isRecord(data) || data.format !== ADVISORY_DB_FORMAT)
    invalid(`format is not ${ADVISORY_DB_FORMAT}`);
  const { snapshotDate, source, advisories } = data;
  if (typeof snapshotDate !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(snapshotDate)) {
    invalid('snapshotDate is not a date');
  }
  if (typeof source !== 'string') invalid('source is not a string');
  if (!Array.isArray(advisories) || advisories.length > MAX_ADVISORIES) {
    invalid('advisories is not a list');
  }
  advisories.forEach((a, i) => {
    if (!isAdvisory(a)) invalid(`advisory ${i} has the wrong shape`);
  });
  return { format: ADVISORY_DB_FORMAT, snapshotDate, source, advisories: advisories as Advisory[] };
}

/** The database as the JSON text parseAdvisoryDatabase reads (one advisory per line, stable order). */
export function writeAdvisoryDatabase(db: AdvisoryDatabase): string {
  const sorted = [...db.advisories].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const head = JSON.stringify({
    format: db.format,
    snapshotDate: db.snapshotDate,
    source: db.source,
  });
  const body = sorted.map((a) => JSON.stringify(a)).join(',\n');
  return `${head.slice(0, -1)},"advisories":[\n${body}\n]}\n`;
}

let bundled: AdvisoryDatabase | undefined;

/** The advisory snapshot shipped in @mlsec/scan's data/advisories (read once). */
export function bundledAdvisories(): AdvisoryDatabase {
  if (!bundled) {
    const url = new URL('../../data/advisories/advisories.json', import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch (error) {
      throw new MlsecError('SCAN_ADVISORIES_INVALID', 'the shipped advisory database is missing', {
        cause: error,
      });
    }
    bundled = parseAdvisoryDatabase(text);
  }
  return bundled;
}

function invalid(why: string): never {
  throw new MlsecError('SCAN_ADVISORIES_INVALID', `advisory database: ${snippet(why, 200)}`);
}

type DbField =
  | 'format'
  | 'snapshotDate'
  | 'source'
  | 'advisories'
  | 'id'
  | 'aliases'
  | 'summary'
  | 'details'
  | 'modified'
  | 'published'
  | 'withdrawn'
  | 'severity'
  | 'type'
  | 'vector'
  | 'affected'
  | 'name'
  | 'ranges'
  | 'versions';
type DbObject = { readonly [K in DbField]?: unknown } & { readonly [key: string]: unknown };

function isRecord(value: unknown): value is DbObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isAdvisory(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (typeof value.id !== 'string' || typeof value.summary !== 'string') return false;
  if (typeof value.details !== 'string' || !isStrings(value.aliases)) return false;
  for (const key of ['modified', 'published', 'withdrawn']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return false;
  }
  if (!Array.isArray(value.severity) || !Array.isArray(value.affected)) return false;
  const severityOk = value.severity.every(
    (s) => isRecord(s) && typeof s.type === 'string' && typeof s.vector === 'string',
  );
  return severityOk && value.affected.every(isAffected);
}

function isAffected(value: unknown): boolean {
  if (!isRecord(value) || typeof value.name !== 'string' || !isStrings(value.versions))
    return false;
  if (!Array.isArray(value.ranges)) return false;
  return value.ranges.every(
    (range) =>
      Array.isArray(range) &&
      range.every((event) => {
        if (!isRecord(event)) return false;
        const keys = Object.keys(event);
        return (
          keys.length === 1 &&
          ['introduced', 'fixed', 'last_affected'].includes(keys[0] ?? '') &&
          typeof event[keys[0] ?? ''] === 'string'
        );
      }),
  );
}
