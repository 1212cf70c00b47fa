import type { Finding } from '@mlsec/core';
import { compareFindings } from '../engine/scan.ts';
import type { ScanReport } from '../engine/report.ts';
import { findRule } from '../rules/index.ts';
import type { RuleDef } from '../rules/rule.ts';

/**
 * Merge history findings into a working-tree report, one finding per fingerprint. A secret still in
 * the working tree at the same path has the same fingerprint as its history finding: it is reported
 * once, at its working-tree location (that is what to fix first), with `evidence.historyCommit` and
 * `evidence.historyCommitted` naming the oldest commit that holds it, because rotating the secret is
 * needed even after the line is removed. Every other history finding is added as it is.
 */
export function mergeHistoryFindings(report: ScanReport, history: readonly Finding[]): ScanReport {
  const findings = [...report.findings];
  const index = new Map<string, number>();
  findings.forEach((finding, i) => {
    if (!index.has(finding.fingerprint)) index.set(finding.fingerprint, i);
  });
  for (const found of history) {
    const at = index.get(found.fingerprint);
    if (at === undefined) {
      index.set(found.fingerprint, findings.length);
      findings.push(found);
      continue;
    }
    const current = findings[at];
    const commit = found.evidence?.['commit'];
    if (!current || typeof commit !== 'string' || current.evidence?.['historyCommit'] !== undefined)
      continue;
    const committed = found.evidence?.['committed'];
    findings[at] = {
      ...current,
      evidence: {
        ...current.evidence,
        historyCommit: commit,
        ...(typeof committed === 'string' ? { historyCommitted: committed } : {}),
      },
    };
  }
  findings.sort(compareFindings);
  const rules: RuleDef[] = [...report.rules];
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    const rule = findRule(finding.ruleId);
    if (rule) rules.push(rule);
  }
  return { ...report, findings, rules };
}
