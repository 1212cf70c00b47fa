import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { parseJson } from '@mlsec/formats';
import { parse as parseYaml } from 'yaml';
import { ADVISORY_DB_FORMAT } from './advisory.ts';
import type { Advisory, AdvisoryDatabase } from './advisory.ts';
import { compileOsvRecord } from './compile-osv.ts';

/** Bounds on an OSV export folder. */
export const OSV_DIR_LIMITS = {
  maxFiles: 100_000,
  maxFileBytes: 4 * 1024 * 1024,
  maxDepth: 8,
} as const;

export interface OsvDirectoryOptions {
  /** The snapshot date (YYYY-MM-DD); by default the newest `modified` date of the records. */
  readonly snapshotDate?: string;
  /** Attribution text stored in the database. */
  readonly source?: string;
}

export interface OsvDirectoryResult {
  readonly database: AdvisoryDatabase;
  /** Files that were not read as advisories, relative to the folder, with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * Read every `*.yaml`, `*.yml` and `*.json` OSV record under `dir` (regular files only, symlinks not
 * followed, bounded in count, size and depth) into an advisory database. YAML is read with the failsafe
 * schema and no aliases, so every scalar stays text. Throws SCAN_ADVISORIES_INVALID when the folder
 * cannot be read or holds no PyPI advisory.
 */
export function readOsvDirectory(
  dir: string,
  options: OsvDirectoryOptions = {},
): OsvDirectoryResult {
  const files: string[] = [];
  try {
    collect(dir, 0, files);
  } catch (error) {
    if (error instanceof MlsecError) throw error;
    throw new MlsecError('SCAN_ADVISORIES_INVALID', `cannot read ${snippet(dir)}`, {
      cause: error,
    });
  }
  files.sort();
  const advisories = new Map<string, Advisory>();
  const skipped: { path: string; reason: string }[] = [];
  for (const file of files) {
    const path = relative(dir, file);
    const record = readRecord(file);
    if (typeof record === 'string') {
      skipped.push({ path, reason: record });
      continue;
    }
    const compiled = compileOsvRecord(record);
    if (!compiled.ok) skipped.push({ path, reason: compiled.reason });
    else if (advisories.has(compiled.advisory.id)) skipped.push({ path, reason: 'duplicate id' });
    else advisories.set(compiled.advisory.id, compiled.advisory);
  }
  if (advisories.size === 0) {
    throw new MlsecError('SCAN_ADVISORIES_INVALID', `no PyPI advisory under ${snippet(dir)}`);
  }
  const list = [...advisories.values()];
  const newest = list.reduce((max, a) => ((a.modified ?? '') > max ? (a.modified ?? '') : max), '');
  const snapshotDate = options.snapshotDate ?? newest.slice(0, 10);
  const database: AdvisoryDatabase = {
    format: ADVISORY_DB_FORMAT,
    snapshotDate,
    source: options.source ?? 'OSV records',
    advisories: list,
  };
  return { database, skipped };
}

function collect(dir: string, depth: number, out: string[]): void {
  if (depth > OSV_DIR_LIMITS.maxDepth) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, depth + 1, out);
    else if (entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name)) {
      if (out.length >= OSV_DIR_LIMITS.maxFiles) {
        throw new MlsecError(
          'SCAN_ADVISORIES_INVALID',
          `more than ${OSV_DIR_LIMITS.maxFiles} files`,
        );
      }
      out.push(path);
    }
  }
}

/** The parsed record, or why it could not be read. */
function readRecord(file: string): unknown {
  try {
    if (lstatSync(file).size > OSV_DIR_LIMITS.maxFileBytes) return 'larger than 4 MiB';
    const text = readFileSync(file, 'utf8');
    if (/\.json$/i.test(file)) {
      const parsed = parseJson(text, { maxDepth: 16, maxStringLength: 1024 * 1024 });
      return parsed.ok ? parsed.value : 'not JSON';
    }
    return parseYaml(text, { schema: 'failsafe', maxAliasCount: 0, uniqueKeys: false }) as unknown;
  } catch (error) {
    return error instanceof Error ? snippet(error.message, 120) : 'unreadable';
  }
}
