import { severityRank, snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates } from './policy-schema.ts';

type ScanGate = NonNullable<AliasGates['scan']>;

/** Scan gate: a completed scan with no finding above the allowed severity. */
export function checkScan(gate: ScanGate, evidence: GateEvidence): GateResult {
  const allowed = gate.max_severity;
  if (evidence.scan === undefined)
    return { gate: 'scan', passed: false, detail: 'the version has no completed scan' };
  const limit = allowed === 'none' ? -1 : severityRank(allowed);
  const over = evidence.scan.findings.filter((f) => severityRank(f.severity) > limit);
  const allowedText = allowed === 'none' ? 'no findings allowed' : `at most ${allowed} allowed`;
  if (over.length === 0) {
    return {
      gate: 'scan',
      passed: true,
      detail: `${evidence.scan.findings.length} finding(s), ${allowedText}`,
    };
  }
  const worst = [...over].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
  const named =
    worst === undefined ? '' : `, the worst ${worst.severity} (${snippet(worst.ruleId, 80)})`;
  return {
    gate: 'scan',
    passed: false,
    detail: `${over.length} finding(s) above the limit (${allowedText})${named}`,
  };
}
