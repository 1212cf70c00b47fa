import { mergeHistoryFindings, scanGitHistory } from '@mlsec/scan';
import type { ScanOptions, ScanProgress, ScanReport } from '@mlsec/scan';

/** `mlsec scan` flags of the history scan. */
export const GIT_OPTIONS = {
  git: { type: 'boolean', default: false },
  'git-range': { type: 'string' },
} as const;

/** Help lines of GIT_OPTIONS. */
export const GIT_HELP = `      --git                         also scan the git history of each PATH for secrets: every file version
                                    a commit introduced, once (PATH must be inside a git work tree)
      --git-range <RANGE>           history to scan, e.g. origin/main..HEAD (implies --git; default: all refs)`;

/** The values of GIT_OPTIONS after parsing. */
export interface GitValues {
  readonly git?: boolean | undefined;
  readonly 'git-range'?: string | undefined;
}

/**
 * With --git or --git-range, scan the history of every PATH with the scan's own settings (so secrets
 * hash, and findings fingerprint, exactly as in the working tree) and merge the findings into the
 * report; without them, return the report unchanged.
 */
export async function withGitHistory(
  report: ScanReport,
  paths: readonly string[],
  values: GitValues,
  options: ScanOptions,
  onProgress?: (progress: ScanProgress) => void,
): Promise<ScanReport> {
  const range = values['git-range'];
  if (values.git !== true && range === undefined) return report;
  let merged = report;
  for (const path of paths) {
    const history = await scanGitHistory({
      cwd: options.cwd,
      path,
      ...(range !== undefined ? { range } : {}),
      ...(options.limits ? { scanLimits: options.limits } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      onProgress: (p) =>
        onProgress?.({ ...p, bytesTotal: p.bytesDone, path: `history: ${p.path}` }),
    });
    merged = mergeHistoryFindings(merged, history.findings);
  }
  return merged;
}
