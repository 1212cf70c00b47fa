/** Secrets in version-control history: `mlsec scan --git`. */
export { scanGitHistory, DEFAULT_HISTORY_LIMITS, HISTORY_DETECTOR_IDS } from './scan-history.ts';
export type {
  HistoryOptions,
  HistoryLimits,
  HistoryProgress,
  HistoryResult,
  HistoryStats,
} from './scan-history.ts';
export { mergeHistoryFindings } from './merge.ts';
export { locateGitTarget } from './repo.ts';
export type { GitTarget } from './repo.ts';
