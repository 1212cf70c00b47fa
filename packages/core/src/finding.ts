import { createHash } from 'node:crypto';
import type { Severity } from './severity.ts';

/** Where a finding is: a file relative to the scan root, and the chain of members inside archives. */
export interface Location {
  /** File on disk, relative to the scan root, '/' separators. */
  readonly path: string;
  /** Chain inside archives, outermost first: ['release.tar.gz', 'model/pytorch_model.bin', 'archive/data.pkl']. */
  readonly member?: readonly string[];
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  /** Notebook cell, 1-based; line and column are then within that cell's source or output. */
  readonly cell?: number;
  /** JSON pointer inside a JSON document (RFC 6901). */
  readonly pointer?: string;
}

export type Evidence = Readonly<Record<string, string | number | boolean>>;

/** One thing a scanner reports. Plain and serialisable; rendered by every report format. */
export interface Finding {
  /** Stable rule id, e.g. 'pickle/dangerous-callable'; documented in docs/rules.md. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** One sentence, no secrets; untrusted text truncated and escaped. */
  readonly message: string;
  readonly location: Location;
  readonly evidence?: Evidence;
  /** MITRE ATLAS technique ids. */
  readonly atlas?: readonly string[];
  readonly cwe?: readonly string[];
  /** Stable across runs: rule id + location + key evidence. Used by baselines and SARIF. */
  readonly fingerprint: string;
}

/**
 * Fingerprint = sha256 over rule id, path, member chain and the given key evidence (not the offset,
 * which moves when unrelated bytes change).
 */
export function fingerprintOf(
  ruleId: string,
  location: Location,
  key: readonly string[] = [],
): string {
  const h = createHash('sha256');
  for (const part of [
    ruleId,
    location.path,
    ...(location.member ?? []),
    location.pointer ?? '',
    ...key,
  ]) {
    h.update(part);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}
