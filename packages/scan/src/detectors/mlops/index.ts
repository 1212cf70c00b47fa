import type { Detector } from '../../engine/context.ts';

/** MLOps configuration checks (placeholder: filled in by issue 4). */
export const MLOPS_DETECTORS: readonly Detector[] = [];
