import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import type { RepoContext, RepoDetector, RepoReportInput } from '../../../engine/context.ts';
import { NEUTRAL_POLICY } from '../../../testing/run-detector.ts';

/**
 * A file of a fake repository: text, or a large file generated on demand: `repeat` over its first `bytes`
 * characters (ASCII, so bytes), then `tail`.
 */
export type FakeFile =
  string | { readonly repeat: string; readonly bytes: number; readonly tail?: string };

export interface FakeRepoRun {
  readonly reports: RepoReportInput[];
  /** Largest `maxBytes` the detector asked readText for. */
  readonly maxRead: number;
  /** Largest `maxBytes` asked for, per file read. */
  readonly reads: ReadonlyMap<string, number>;
}

function materialize(file: FakeFile, maxBytes: number): string {
  if (typeof file === 'string') return file;
  // Build only what is asked for: a huge file never exists in memory in full.
  const want = Math.min(file.bytes, maxBytes);
  const whole = file.repeat.repeat(Math.ceil(want / Math.max(1, file.repeat.length)) + 1);
  return whole.slice(0, want) + (file.bytes <= maxBytes ? (file.tail ?? '') : '');
}

/**
 * Test helper: run a RepoDetector over an in-memory file map (paths relative to the repository, '/'
 * separators) and capture its reports. readText cuts at `maxBytes` UTF-8 bytes like a real file read.
 */
export async function runRepoDetector(
  detector: RepoDetector,
  files: Readonly<Record<string, FakeFile>>,
  options: { relativeRoot?: string; limits?: Limits; unreadable?: readonly string[] } = {},
): Promise<FakeRepoRun> {
  const reports: RepoReportInput[] = [];
  const reads = new Map<string, number>();
  let maxRead = 0;
  const ctx: RepoContext = {
    root: '/fake',
    relativeRoot: options.relativeRoot ?? '',
    files: Object.keys(files).sort(),
    limits: options.limits ?? DEFAULT_LIMITS,
    policy: NEUTRAL_POLICY,
    readText(file, maxBytes) {
      reads.set(file, Math.max(reads.get(file) ?? 0, maxBytes));
      maxRead = Math.max(maxRead, maxBytes);
      const entry = files[file];
      if (entry === undefined || options.unreadable?.includes(file))
        return Promise.resolve(undefined);
      const bytes = Buffer.from(materialize(entry, maxBytes), 'utf8').subarray(0, maxBytes);
      return Promise.resolve(bytes.toString('utf8'));
    },
    report(input) {
      reports.push(input);
    },
  };
  await detector.run(ctx);
  return { reports, maxRead, reads };
}

/** Reports of one rule. */
export function ofRule(run: FakeRepoRun, ruleId: string): RepoReportInput[] {
  return run.reports.filter((r) => r.ruleId === ruleId);
}

/** True when text holds a C0/C1 control character (messages must have them escaped). */
export function hasControlChars(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code < 0xa0);
  });
}

/** The files of a folder on disk as a fake repository (small test fixtures only; read as UTF-8). */
export function diskRepo(dir: string): Record<string, FakeFile> {
  const files: Record<string, FakeFile> = {};
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files[rel] = readFileSync(join(dir, rel), 'utf8');
    }
  };
  walk('');
  return files;
}
