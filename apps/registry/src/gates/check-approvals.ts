import { snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates } from './policy-schema.ts';

type ApprovalsGate = NonNullable<AliasGates['approvals']>;

/**
 * Approvals gate (separation of duties): `count` distinct principals holding the approver role, the
 * uploader excluded. The detail names who counted and why each other approval did not.
 */
export function checkApprovals(gate: ApprovalsGate, evidence: GateEvidence): GateResult {
  const counted: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const approval of evidence.approvals ?? []) {
    if (seen.has(approval.principal)) continue;
    seen.add(approval.principal);
    const who = snippet(approval.principal, 80);
    if (approval.principal === evidence.uploader)
      notes.push(`${who} is the uploader and does not count`);
    else if (!approval.isApprover)
      notes.push(`${who} does not hold the approver role and does not count`);
    else counted.push(who);
  }
  const needed = `${gate.count} approval${gate.count === 1 ? '' : 's'} needed`;
  const given = `${counted.length} given${counted.length > 0 ? ` (${counted.join(', ')})` : ''}`;
  const detail = [`${needed}, ${given}`, ...notes].join('; ');
  return { gate: 'approvals', passed: counted.length >= gate.count, detail };
}
