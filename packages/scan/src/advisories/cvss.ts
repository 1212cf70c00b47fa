import type { Severity } from '@mlsec/core';

/**
 * CVSS base scores from vector strings. CVSS 3.0 and 3.1 base scores are computed with the
 * specification's formulas (FIRST, CVSS v3.1 specification §7.1, with its floating-point-safe Roundup);
 * CVSS 4.0 vectors are recognised and kept, but their score (a lookup over macro vectors) is not computed.
 */

export interface CvssScore {
  readonly version: '3.0' | '3.1' | '4.0';
  readonly vector: string;
  /** Base score 0.0–10.0; undefined for CVSS 4.0. */
  readonly score?: number;
  /** The qualitative rating of the score, in mlsec's severity names ('info' for 0.0). */
  readonly severity?: Severity;
}

/** Longest vector string read. */
export const MAX_CVSS_VECTOR_LENGTH = 512;

type BaseMetric = 'AV' | 'AC' | 'PR' | 'UI' | 'S' | 'C' | 'I' | 'A';

const WEIGHTS: Readonly<Record<Exclude<BaseMetric, 'PR' | 'S'>, Readonly<Record<string, number>>>> =
  {
    AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
    AC: { L: 0.77, H: 0.44 },
    UI: { N: 0.85, R: 0.62 },
    C: { H: 0.56, L: 0.22, N: 0 },
    I: { H: 0.56, L: 0.22, N: 0 },
    A: { H: 0.56, L: 0.22, N: 0 },
  };
const PRIVILEGES: Readonly<Record<'U' | 'C', Readonly<Record<string, number>>>> = {
  U: { N: 0.85, L: 0.62, H: 0.27 },
  C: { N: 0.85, L: 0.68, H: 0.5 },
};

/** Read a CVSS vector; undefined when it is not a well-formed CVSS 3.x or 4.0 base vector. */
export function parseCvss(vector: string): CvssScore | undefined {
  if (vector.length > MAX_CVSS_VECTOR_LENGTH) return undefined;
  const parts = vector.trim().split('/');
  const head = parts.shift();
  if (head === 'CVSS:4.0') {
    return parts.length >= 11 && parts.every(isMetric) ? { version: '4.0', vector } : undefined;
  }
  if (head !== 'CVSS:3.0' && head !== 'CVSS:3.1') return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts) {
    if (!isMetric(part)) return undefined;
    const [key, value] = part.split(':') as [string, string];
    if (metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  const score = baseScore(metrics);
  if (score === undefined) return undefined;
  return { version: head === 'CVSS:3.0' ? '3.0' : '3.1', vector, score, severity: ratingOf(score) };
}

function isMetric(part: string): boolean {
  return /^[A-Za-z]{1,3}:[A-Za-z]{1,2}$/.test(part);
}

function baseScore(metrics: ReadonlyMap<string, string>): number | undefined {
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const weight = (metric: Exclude<BaseMetric, 'PR' | 'S'>): number | undefined => {
    const value = metrics.get(metric);
    return value === undefined ? undefined : WEIGHTS[metric][value];
  };
  const pr = PRIVILEGES[scope][metrics.get('PR') ?? ''];
  const [av, ac, ui, c, i, a] = [
    weight('AV'),
    weight('AC'),
    weight('UI'),
    weight('C'),
    weight('I'),
    weight('A'),
  ];
  if (
    pr === undefined ||
    av === undefined ||
    ac === undefined ||
    ui === undefined ||
    c === undefined ||
    i === undefined ||
    a === undefined
  ) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact =
    scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const raw = scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability);
  return roundUp(Math.min(raw, 10));
}

/** CVSS 3.1 Roundup: the smallest one-decimal number ≥ x, without floating-point surprises. */
export function roundUp(x: number): number {
  const scaled = Math.round(x * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/** CVSS qualitative rating (None, Low, Medium, High, Critical) as an mlsec severity. */
export function ratingOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
