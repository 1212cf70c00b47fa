import { fingerprintOf } from '@mlsec/core';
import type { Finding, Location } from '@mlsec/core';
import { findRule } from '../rules/index.ts';
import type { ReportInput } from './context.ts';

/** The evidence values that identify a finding when the detector gave no explicit key. */
function defaultKey(input: ReportInput): string[] {
  return Object.entries(input.evidence ?? {})
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => `${name}=${String(value)}`)
    .sort();
}

/**
 * Turn a detector's report into a Finding: catalogue severity (unless overridden), ATLAS and CWE ids, the
 * full location and a stable fingerprint. An unknown rule id is a programmer error.
 */
export function makeFinding(base: Location, input: ReportInput): Finding {
  const rule = findRule(input.ruleId);
  if (!rule) throw new Error(`unknown rule id ${input.ruleId}`);
  const member = [...(base.member ?? []), ...(input.member ?? [])];
  const location: Location = {
    path: input.path ?? base.path,
    ...(member.length > 0 ? { member } : {}),
    ...(input.offset !== undefined ? { offset: input.offset } : {}),
    ...(input.line !== undefined ? { line: input.line } : {}),
    ...(input.column !== undefined ? { column: input.column } : {}),
    ...(input.cell !== undefined ? { cell: input.cell } : {}),
    ...(input.pointer !== undefined ? { pointer: input.pointer } : {}),
  };
  return {
    ruleId: rule.id,
    severity: input.severity ?? rule.severity,
    message: input.message,
    location,
    ...(input.evidence ? { evidence: input.evidence } : {}),
    ...(rule.atlas.length > 0 ? { atlas: rule.atlas } : {}),
    ...(rule.cwe ? { cwe: rule.cwe } : {}),
    fingerprint: fingerprintOf(rule.id, location, input.key ?? defaultKey(input)),
  };
}
