import { availableParallelism } from 'node:os';
import { runRepoDetectors } from './run-repo-detectors.ts';
import { DEFAULT_LIMITS, severityRank } from '@mlsec/core';
import type { Finding, Limits } from '@mlsec/core';
import { selectDetectors } from '../detectors/select.ts';
import { createPolicy } from '../policy/index.ts';
import type { PolicyOptions } from '../policy/index.ts';
import { findRule } from '../rules/index.ts';
import type { RuleDef } from '../rules/rule.ts';
import { ArtifactScanner } from './artifact-scanner.ts';
import { makeFinding } from './make-finding.ts';
import type { Detector, RepoDetector } from './context.ts';
import { forEachConcurrent, FILES_IN_FLIGHT } from './concurrency.ts';
import { scanInWorkers } from './pool.ts';
import type { ScanReport } from './report.ts';
import { uniqueFindings } from './unique-findings.ts';
import { scanFile } from './scan-file.ts';
import type { FileResult } from './scan-file.ts';
import { loadScanSettings } from './settings.ts';
import type { ScanSettings, ScanSettingsInit } from './settings.ts';
import { SECRET_RULE_PREFIX, secretRuleDef } from '../rules/secrets.ts';
import { ExcludeFilter } from './exclude.ts';
import { walk } from './walk.ts';
import type { WalkedFile } from './walk.ts';

export const MLSEC_VERSION = '0.1.0';

/** Progress of a scan, for a progress bar. */
export interface ScanProgress {
  readonly done: number;
  readonly total: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly path: string;
}

export interface ScanOptions {
  /** Folder that locations are relative to (default: process working directory of the caller). */
  readonly cwd: string;
  readonly limits?: Limits;
  readonly policy?: PolicyOptions;
  /** Worker threads; 1 scans in this thread. Default: see defaultJobs(). */
  readonly jobs?: number;
  /** Run only these scanners (detector ids or groups such as 'pickle', 'archives', 'hf'). */
  readonly only?: readonly string[];
  /** Do not run these scanners. */
  readonly skip?: readonly string[];
  /** Replace the built-in detectors (forces scanning in this thread). */
  readonly detectors?: readonly Detector[];
  readonly repoDetectors?: readonly RepoDetector[];
  /** gitignore-like globs of files and folders to leave out (see ExcludeFilter). */
  readonly exclude?: readonly string[];
  /** Secrets rules and advisory database (default: the shipped ones). */
  readonly settings?: ScanSettingsInit;
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** Files above this size may need seconds of parsing each (a large pickle or compressed joblib). */
const LARGE_FILE_BYTES = 8 * 1024 * 1024;

/** Total size above which text scanning (secrets, about 20 MB/s a thread) is worth worker threads. */
const LARGE_SCAN_BYTES = 256 * 1024 * 1024;

/**
 * Worker threads pay off only when there is heavy work to share: each starts cold (module loading, rule
 * compilation and JIT warm-up cost about a second). So the default is one thread, and up to four when
 * at least two large files are in the scan or the files add up to more than 256 MB (bench/secrets, 2
 * CPUs: 64 MB ran slower on two threads than on one, 1.1 GB 1.5 times faster).
 */
export function defaultJobs(files: readonly { readonly size: number }[]): number {
  const large = files.filter((file) => file.size > LARGE_FILE_BYTES).length;
  if (large >= 2) return Math.min(4, availableParallelism(), large);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return total > LARGE_SCAN_BYTES && files.length > 1 ? Math.min(4, availableParallelism()) : 1;
}

/** Most severe first, then by path, member chain and offset: a stable order for every renderer. */
export function compareFindings(a: Finding, b: Finding): number {
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  if (bySeverity !== 0) return bySeverity;
  const pa = [a.location.path, ...(a.location.member ?? [])].join('\0');
  const pb = [b.location.path, ...(b.location.member ?? [])].join('\0');
  if (pa !== pb) return pa < pb ? -1 : 1;
  const byOffset =
    (a.location.offset ?? a.location.line ?? 0) - (b.location.offset ?? b.location.line ?? 0);
  if (byOffset !== 0) return byOffset;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** The catalogue entry of a rule id; a secrets rule takes its description from the rules in use. */
function ruleOf(id: string, settings: ScanSettings): RuleDef | undefined {
  if (id.startsWith(SECRET_RULE_PREFIX)) {
    const secretId = id.slice(SECRET_RULE_PREFIX.length);
    const rule = settings.secrets?.config.rules.find((r) => r.id === secretId);
    if (rule) return secretRuleDef(secretId, rule.description);
  }
  return findRule(id);
}

/**
 * Scan files and folders for unsafe ML artifacts. Never executes anything it reads.
 *
 * @example
 * const report = await scanPaths(['models/'], { cwd: process.cwd() });
 * for (const f of report.findings) console.log(f.severity, f.ruleId, f.location.path);
 */
export async function scanPaths(
  targets: readonly string[],
  options: ScanOptions,
): Promise<ScanReport> {
  const started = performance.now();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const policyOptions = options.policy ?? {};
  const policy = createPolicy(policyOptions);
  const selected = selectDetectors(options.only, options.skip);
  const detectors = options.detectors ?? selected.detectors;
  const settingsInit = options.settings ?? {};
  const needs = {
    secrets: detectors.some((d) => d.uses?.includes('secrets') === true),
    advisories: detectors.some((d) => d.uses?.includes('advisories') === true),
  };
  const settings = await loadScanSettings(settingsInit, needs);
  const exclude = options.exclude?.length ? new ExcludeFilter(options.exclude) : undefined;
  const { files, folders, unreadable, excluded } = walk(targets, options.cwd, exclude);
  const findings: Finding[] = unreadable.map((path) =>
    makeFinding(
      { path },
      {
        ruleId: 'scan/unreadable',
        message: 'The folder could not be listed, so nothing in it was scanned.',
      },
    ),
  );
  let artifacts = 0;
  let bytesDone = 0;
  let done = 0;
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);

  const collect = (file: WalkedFile, result: FileResult): void => {
    findings.push(...result.findings);
    artifacts += result.artifacts;
    bytesDone += file.size;
    done += 1;
    options.onProgress?.({ done, total: files.length, bytesDone, bytesTotal, path: file.relative });
  };

  const jobs = Math.max(1, options.jobs ?? defaultJobs(files));
  if (jobs > 1 && files.length > 1 && !options.detectors) {
    await scanInWorkers(
      files,
      jobs,
      {
        limits,
        policy: policyOptions,
        detectorIds: detectors.map((d) => d.id),
        settings: settingsInit,
        needs,
      },
      collect,
    );
  } else {
    const scanner = new ArtifactScanner({ limits, policy, detectors, settings });
    await forEachConcurrent(files, FILES_IN_FLIGHT, async (file) => {
      collect(file, await scanFile(file.absolute, file.relative, scanner, file.size));
    });
  }
  findings.push(
    ...(await runRepoDetectors(
      folders,
      options.repoDetectors ?? selected.repoDetectors,
      limits,
      policy,
    )),
  );
  findings.sort(compareFindings);

  const rules: RuleDef[] = [];
  for (const id of new Set(findings.map((finding) => finding.ruleId))) {
    const rule = ruleOf(id, settings);
    if (rule) rules.push(rule);
  }
  return {
    tool: { name: 'mlsec', version: MLSEC_VERSION },
    targets: [...targets],
    findings: uniqueFindings(findings),
    rules,
    stats: {
      files: files.length,
      bytes: bytesTotal,
      artifacts,
      durationMs: Math.round(performance.now() - started),
      ...(excluded > 0 ? { excluded } : {}),
    },
    ...(settings.advisories
      ? {
          advisories: {
            snapshotDate: settings.advisories.snapshotDate,
            source: settings.advisories.source,
          },
        }
      : {}),
  };
}
