import { MlsecError } from '@mlsec/core';
import type { ScanReport } from '@mlsec/scan';

/**
 * Read the fingerprints of a JSON report written by `mlsec scan --format json`. Parsed with JSON.parse
 * and only string fingerprints are taken, so nothing in the file reaches an object prototype.
 */
export function loadBaseline(text: string): ReadonlySet<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new MlsecError('SCAN_BASELINE_INVALID', 'the baseline is not valid JSON');
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) {
    throw new MlsecError(
      'SCAN_BASELINE_INVALID',
      'the baseline has no findings array (use mlsec scan --format json)',
    );
  }
  const out = new Set<string>();
  for (const finding of findings) {
    const fp = (finding as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fp === 'string') out.add(fp);
  }
  return out;
}

/** Drop findings already in the baseline; the rules list keeps only rules still used. */
export function applyBaseline(report: ScanReport, baseline: ReadonlySet<string>): ScanReport {
  const findings = report.findings.filter((f) => !baseline.has(f.fingerprint));
  const used = new Set(findings.map((f) => f.ruleId));
  return { ...report, findings, rules: report.rules.filter((r) => used.has(r.id)) };
}
