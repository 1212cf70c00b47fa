import type { RuleDef } from './rule.ts';
import { SCAN_RULES } from './scan.ts';

/** Every rule of every family, in documentation order. */
export const RULES: readonly RuleDef[] = [...SCAN_RULES];

const BY_ID: ReadonlyMap<string, RuleDef> = new Map(RULES.map((rule) => [rule.id, rule]));

/** The catalogue entry of a rule id, or undefined. */
export function findRule(id: string): RuleDef | undefined {
  return BY_ID.get(id);
}
