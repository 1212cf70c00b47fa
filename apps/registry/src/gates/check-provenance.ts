import { snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates } from './policy-schema.ts';

type ProvenanceGate = NonNullable<AliasGates['provenance']>;

/** Provenance gate: present, verified (unless the policy says otherwise), by a listed builder if any. */
export function checkProvenance(gate: ProvenanceGate, evidence: GateEvidence): GateResult {
  const fail = (detail: string): GateResult => ({ gate: 'provenance', passed: false, detail });
  const p = evidence.provenance;
  if (p === undefined) return fail('the version has no provenance');
  if (gate.verified && !p.verified) return fail('the provenance is present but did not verify');
  if (gate.builders !== undefined) {
    if (p.builder === undefined) return fail('the provenance names no builder');
    if (!gate.builders.includes(p.builder))
      return fail(`builder ${snippet(p.builder, 120)} is not trusted`);
  }
  const how = p.verified ? 'present and verified' : 'present (verification not required)';
  return {
    gate: 'provenance',
    passed: true,
    detail: p.builder === undefined ? how : `${how}, built by ${snippet(p.builder, 120)}`,
  };
}
