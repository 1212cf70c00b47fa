import type { RuleDef } from './rule.ts';

/** Rules of the dependency advisory checks (detectors/dependencies). */
export const DEPS_RULES: readonly RuleDef[] = [];
