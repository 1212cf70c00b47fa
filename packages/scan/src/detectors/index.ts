import type { Detector, RepoDetector } from '../engine/context.ts';

/** Every artifact detector, in the order they run on an artifact. */
export const DEFAULT_DETECTORS: readonly Detector[] = [];

/** Every folder-level detector. */
export const DEFAULT_REPO_DETECTORS: readonly RepoDetector[] = [];
