import type { Finding } from '@mlsec/core';

/**
 * Findings without exact repeats (same rule, location, message, evidence and fingerprint), keeping the
 * first. A file can be checked twice in one scan: on its own, and through another file that includes
 * it (`-r base.txt`); both report the same finding, which should show once.
 */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
