import { checkApprovals } from './check-approvals.ts';
import { checkMetrics } from './check-metrics.ts';
import { checkProvenance } from './check-provenance.ts';
import { checkScan } from './check-scan.ts';
import { checkSignature } from './check-signature.ts';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates, GatePolicy } from './policy-schema.ts';

/** The verdict on pointing an alias at a version. */
export interface GateDecision {
  /** True when every gate the alias requires passed. */
  readonly allowed: boolean;
  /** Whether the alias's own gates or the policy default applied. */
  readonly rules: 'alias' | 'default';
  /** One result per required gate, in the order signature, scan, provenance, metrics, approvals. */
  readonly results: readonly GateResult[];
}

/** The gates that apply to `alias`: its own entry if listed, else the default (never merged). */
export function gatesFor(
  policy: GatePolicy,
  alias: string,
): { gates: AliasGates; rules: 'alias' | 'default' } {
  const own =
    policy.aliases !== undefined && Object.hasOwn(policy.aliases, alias)
      ? policy.aliases[alias]
      : undefined;
  return own === undefined
    ? { gates: policy.default, rules: 'default' }
    : { gates: own, rules: 'alias' };
}

/**
 * Decide whether `alias` may point at the version described by `evidence`. Every required gate is
 * evaluated (not just up to the first failure) so a refusal names everything that is missing.
 *
 * @example
 * const d = evaluateGates(policy, 'production', evidence);
 * if (!d.allowed) console.log(d.results.filter((r) => !r.passed).map((r) => `${r.gate}: ${r.detail}`));
 */
export function evaluateGates(
  policy: GatePolicy,
  alias: string,
  evidence: GateEvidence,
): GateDecision {
  const { gates, rules } = gatesFor(policy, alias);
  const results: GateResult[] = [];
  if (gates.signature !== undefined)
    results.push(checkSignature(gates.signature, evidence, policy));
  if (gates.scan !== undefined) results.push(checkScan(gates.scan, evidence));
  if (gates.provenance !== undefined) results.push(checkProvenance(gates.provenance, evidence));
  if (gates.metrics !== undefined) results.push(checkMetrics(gates.metrics, evidence));
  if (gates.approvals !== undefined) results.push(checkApprovals(gates.approvals, evidence));
  return { allowed: results.every((r) => r.passed), rules, results };
}
