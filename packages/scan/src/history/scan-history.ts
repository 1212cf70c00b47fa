import { DEFAULT_LIMITS, memorySource, snippet } from '@mlsec/core';
import type { Finding, Limits } from '@mlsec/core';
import { selectDetectors } from '../detectors/select.ts';
import { ArtifactScanner } from '../engine/artifact-scanner.ts';
import type { Detector } from '../engine/context.ts';
import { makeFinding } from '../engine/make-finding.ts';
import { compareFindings } from '../engine/scan.ts';
import { loadScanSettings } from '../engine/settings.ts';
import type { ScanSettingsInit } from '../engine/settings.ts';
import { createPolicy } from '../policy/index.ts';
import type { PolicyOptions } from '../policy/index.ts';
import { CatFile } from './cat-file.ts';
import { listHistoryBlobs } from './git-log.ts';
import type { HistoryBlob } from './git-log.ts';
import { locateGitTarget, reportPath } from './repo.ts';
import type { GitTarget } from './repo.ts';

/** Bounds of one history scan. */
export interface HistoryLimits {
  /** Largest blob read; larger ones get a `git/blob-too-large` finding. */
  readonly maxBlobBytes: number;
  /** Most distinct blobs scanned; more give `git/history-truncated`. */
  readonly maxBlobs: number;
  /** Most bytes read from the object store in total; more give `git/history-truncated`. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = Object.freeze({
  maxBlobBytes: 10 * 1024 * 1024,
  maxBlobs: 200_000,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
});

/**
 * Detectors that run on history: the secrets in old file versions matter even after the file changed;
 * an old dependency pin or MLOps setting does not (the working tree shows the current ones), and
 * artifact detectors are meant for model files, which history scanning skips as binary.
 */
export const HISTORY_DETECTOR_IDS: ReadonlySet<string> = new Set(['secrets']);

/** Progress of a history scan. */
export interface HistoryProgress {
  readonly done: number;
  readonly total: number;
  readonly bytesDone: number;
  readonly path: string;
}

export interface HistoryOptions {
  /** Folder the report's paths are relative to. */
  readonly cwd: string;
  /** File or folder inside a git work tree (default '.'); history is limited to it. */
  readonly path?: string;
  /** Revision or range, e.g. `main..feature` (default: every ref). */
  readonly range?: string;
  readonly limits?: Partial<HistoryLimits>;
  /** Parser limits for the detectors (default DEFAULT_LIMITS). */
  readonly scanLimits?: Limits;
  readonly policy?: PolicyOptions;
  /** --only / --skip names; of what they select, only HISTORY_DETECTOR_IDS run. */
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  /** Replace the detectors (tests); run as given. */
  readonly detectors?: readonly Detector[];
  readonly settings?: ScanSettingsInit;
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** Counters of a history scan. */
export interface HistoryStats {
  readonly commits: number;
  /** Distinct blobs the walk listed (within maxBlobs). */
  readonly blobs: number;
  /** Blobs read and given to the detectors. */
  readonly scanned: number;
  /** Blobs read but skipped as binary (a NUL byte in the first 8000 bytes, git's own test). */
  readonly binary: number;
  readonly tooLarge: number;
  readonly missing: number;
  /** Bytes read from the object store. */
  readonly bytes: number;
  readonly truncated: boolean;
}

export interface HistoryResult {
  readonly target: GitTarget;
  /** Sorted like a scan report; one per fingerprint (the oldest commit's). */
  readonly findings: Finding[];
  readonly stats: HistoryStats;
}

/** git's binary test (xdiff's buffer_is_binary): a NUL byte in the first 8000 bytes. */
const BINARY_PROBE = 8000;

function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE).includes(0);
}

/** A detector's finding on an old file version, with the commit it came from. */
function inCommit(finding: Finding, blob: HistoryBlob): Finding {
  const short = blob.commit.slice(0, 7);
  const day = blob.date.slice(0, 10);
  const sentence = finding.message.replace(/\.\s*$/, '');
  const others = blob.otherPaths.map((path) => snippet(path, 80)).join(', ');
  return {
    ...finding,
    message: `${sentence} (in commit ${short}, ${day}).`,
    evidence: {
      ...finding.evidence,
      commit: blob.commit,
      committed: blob.date,
      ...(others !== '' ? { alsoAt: snippet(others) } : {}),
    },
  };
}

function historyDetectors(options: HistoryOptions): readonly Detector[] {
  if (options.detectors) return options.detectors;
  const selected = selectDetectors(options.only, options.skip).detectors;
  return selected.filter((detector) => HISTORY_DETECTOR_IDS.has(detector.id));
}

/**
 * Scan every file version in a repository's history for secrets: each blob a commit introduced is read
 * once from one long-lived `git cat-file --batch` and scanned like a file of the working tree (a
 * notebook is decoded per version), under the path and commit where it first appeared. Findings carry
 * the commit (`evidence.commit`, `evidence.committed`, the message) and keep the detectors'
 * fingerprints, so the same secret at the same path in several versions is reported once, and one still
 * in the working tree matches its working-tree finding (see mergeHistoryFindings). A blob found again at
 * another path (a copy or rename) is not scanned again; its other paths are listed in `evidence.alsoAt`.
 * Never runs hooks, filters, textconv or external diff, and never fetches.
 *
 * @example
 * const history = await scanGitHistory({ cwd: process.cwd(), range: 'main..feature' });
 * for (const f of history.findings) console.log(f.ruleId, f.location.path, f.evidence?.commit);
 */
export async function scanGitHistory(options: HistoryOptions): Promise<HistoryResult> {
  const limits = { ...DEFAULT_HISTORY_LIMITS, ...options.limits };
  const target = await locateGitTarget(options.path ?? '.', options.cwd);
  const detectors = historyDetectors(options);
  const where = (path: string): string => reportPath(target, path);
  const stats = {
    commits: 0,
    blobs: 0,
    scanned: 0,
    binary: 0,
    tooLarge: 0,
    missing: 0,
    bytes: 0,
    truncated: false,
  };
  if (detectors.length === 0) return { target, findings: [], stats };

  const settings = await loadScanSettings(options.settings ?? {}, {
    secrets: detectors.some((d) => d.uses?.includes('secrets') === true),
    advisories: detectors.some((d) => d.uses?.includes('advisories') === true),
  });
  const scanner = new ArtifactScanner({
    limits: options.scanLimits ?? DEFAULT_LIMITS,
    policy: createPolicy(options.policy ?? {}),
    detectors,
    settings,
  });
  const listing = await listHistoryBlobs(target.top, {
    ...(options.range !== undefined ? { range: options.range } : {}),
    pathspec: target.pathspec,
    maxBlobs: limits.maxBlobs,
  });
  stats.commits = listing.commits;
  stats.blobs = listing.blobs.length;
  stats.truncated = listing.truncated;

  const findings = new Map<string, Finding>();
  const keep = (finding: Finding): void => {
    if (!findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
  };
  const sizes = new CatFile(target.top, '--batch-check');
  const contents = new CatFile(target.top, '--batch');
  let failed = false;
  try {
    let done = 0;
    for (const blob of listing.blobs) {
      const path = where(blob.path);
      const info = await sizes.info(blob.oid);
      if ('missing' in info) {
        stats.missing += 1;
        keep(
          inCommit(
            makeFinding(
              { path },
              {
                ruleId: 'git/blob-unreadable',
                message: 'This version of the file is not in the local clone and was not scanned.',
                evidence: { blob: blob.oid },
              },
            ),
            blob,
          ),
        );
      } else if (info.size > limits.maxBlobBytes) {
        stats.tooLarge += 1;
        keep(
          inCommit(
            makeFinding(
              { path },
              {
                ruleId: 'git/blob-too-large',
                message: `This version of the file (${info.size} bytes) is larger than the history limit of ${limits.maxBlobBytes} bytes and was not scanned.`,
                evidence: { blob: blob.oid, size: info.size, limit: limits.maxBlobBytes },
              },
            ),
            blob,
          ),
        );
      } else if (stats.bytes + info.size > limits.maxTotalBytes) {
        stats.truncated = true;
        break;
      } else {
        const { bytes } = await contents.read(blob.oid);
        if (bytes) {
          stats.bytes += bytes.length;
          if (isBinary(bytes)) stats.binary += 1;
          else {
            stats.scanned += 1;
            await scanner.scanTop(
              memorySource(bytes),
              { path },
              { finding: (finding) => keep(inCommit(finding, blob)), artifact: () => undefined },
            );
          }
        }
      }
      done += 1;
      options.onProgress?.({ done, total: listing.blobs.length, bytesDone: stats.bytes, path });
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await Promise.all([sizes.close(failed), contents.close(failed)]);
  }
  if (stats.truncated) {
    keep(
      makeFinding(
        { path: where(target.pathspec) },
        {
          ruleId: 'git/history-truncated',
          message: `The history scan stopped at its limit (${limits.maxBlobs} file versions or ${limits.maxTotalBytes} bytes); the rest of the history was not scanned.`,
          evidence: { maxBlobs: limits.maxBlobs, maxTotalBytes: limits.maxTotalBytes },
        },
      ),
    );
  }
  return { target, findings: [...findings.values()].sort(compareFindings), stats };
}
