import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** packages/scan/testdata/osv: raw OSV records copied from the shipped snapshot (see its SOURCE.md). */
export const OSV_TESTDATA = fileURLToPath(new URL('../../../testdata/osv', import.meta.url));

/** A raw record as YAML gives it; only the fields the tests look at are named. */
export interface RawOsvFields {
  readonly id?: unknown;
  readonly withdrawn?: unknown;
  readonly affected?: unknown;
}

export interface RawOsvRecord {
  readonly file: string;
  readonly record: RawOsvFields;
}

const cache = new Map<string, RawOsvRecord[]>();

/** The raw records of one package folder (read once per process: YAML parsing is the slow part). */
export function rawRecords(pkg: string): RawOsvRecord[] {
  const cached = cache.get(pkg);
  if (cached) return cached;
  const dir = join(OSV_TESTDATA, pkg);
  const records = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      file: f,
      record: parse(readFileSync(join(dir, f), 'utf8'), { schema: 'failsafe' }) as RawOsvFields,
    }));
  cache.set(pkg, records);
  return records;
}

/**
 * The independent check: ids of the records, not withdrawn, whose `affected[]` entry for `pkg` lists
 * `version` verbatim in its explicit `versions[]` (no version arithmetic at all).
 */
export function idsListingVersion(pkg: string, version: string): string[] {
  return rawRecords(pkg)
    .filter(({ record }) => record.withdrawn === undefined)
    .filter(({ record }) =>
      (record.affected as { package: { name: string }; versions?: string[] }[]).some(
        (a) => a.package.name.toLowerCase() === pkg && (a.versions ?? []).includes(version),
      ),
    )
    .map(({ record }) => String(record.id))
    .sort();
}
