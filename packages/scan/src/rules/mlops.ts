import type { RuleDef } from './rule.ts';

/** Rules of the MLOps configuration checks (detectors/mlops). */
export const MLOPS_RULES: readonly RuleDef[] = [];
