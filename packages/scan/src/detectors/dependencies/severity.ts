import type { Severity } from '@mlsec/core';
import type { AdvisoryMatch } from '../../advisories/match.ts';

/**
 * Severity of an advisory without a CVSS 3.x score (only a CVSS 4.0 vector, which mlsec does not score,
 * or no vector at all, as in most PYSEC records): high, so that an unscored advisory still fails the
 * default `--fail-on high` gate. Unscored does not mean harmless.
 */
export const UNSCORED_ADVISORY_SEVERITY: Severity = 'high';

/** The finding severity of an advisory match, and where it came from (for the evidence). */
export function advisorySeverity(match: AdvisoryMatch): {
  readonly severity: Severity;
  readonly source: string;
} {
  const cvss = match.severity;
  if (cvss?.score !== undefined && cvss.severity !== undefined) {
    // A 0.0 base score rates "none"; a listed advisory is still worth a look.
    const severity = cvss.severity === 'info' ? 'low' : cvss.severity;
    return { severity, source: `CVSS ${cvss.version}` };
  }
  return {
    severity: UNSCORED_ADVISORY_SEVERITY,
    source: cvss ? `default (CVSS ${cvss.version} not scored)` : 'default (no CVSS score)',
  };
}
