import { randomBytes } from 'node:crypto';
import { MlsecError, snippet } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import { parseJson } from '@mlsec/formats';
import type { ScanReport } from '@mlsec/scan';

/** Format tag of a baseline written by `mlsec baseline create`. */
export const BASELINE_FORMAT = 'mlsec-baseline/1';

/** Why a known finding is not reported again. */
export const BASELINE_STATUSES = ['accepted_risk', 'false_positive', 'rotated'] as const;
export type BaselineStatus = (typeof BASELINE_STATUSES)[number];

/** One known finding. `fingerprint` is the key; the rest is for the people reading the file. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly path: string;
  readonly status: BaselineStatus;
  readonly reason?: string;
  /** For secrets: the masked secret and its salted hash (never the secret). */
  readonly masked?: string;
  readonly secretHash?: string;
}

/** A loaded baseline. `salt` keys the secret hashes; absent for a JSON report used as a baseline. */
export interface Baseline {
  readonly salt?: string;
  readonly entries: ReadonlyMap<string, BaselineEntry>;
}

/** Largest baseline read (100k entries of a few hundred bytes). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

const invalid = (message: string): MlsecError => new MlsecError('SCAN_BASELINE_INVALID', message);

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStatus = (value: unknown): value is BaselineStatus =>
  typeof value === 'string' && (BASELINE_STATUSES as readonly string[]).includes(value);

function entryOf(value: unknown, i: number): BaselineEntry {
  if (!isRecord(value)) throw invalid(`entry ${i} is not an object`);
  const { fingerprint, ruleId, path, status, reason, masked, secretHash } = value;
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16,64}$/.test(fingerprint))
    throw invalid(`entry ${i}: fingerprint is not a hex string`);
  if (!isStatus(status))
    throw invalid(`entry ${i}: status must be one of ${BASELINE_STATUSES.join(', ')}`);
  return {
    fingerprint,
    ruleId: typeof ruleId === 'string' ? ruleId : '',
    path: typeof path === 'string' ? path : '',
    status,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof masked === 'string' ? { masked } : {}),
    ...(typeof secretHash === 'string' ? { secretHash } : {}),
  };
}

/**
 * Read a baseline: a file written by `mlsec baseline create` (entries with a status, and the salt of
 * the secret hashes), or a JSON report of `mlsec scan --format json` (every finding counts as
 * accepted_risk). Parsed with the bounded, prototype-safe JSON reader.
 */
export function loadBaseline(text: string): Baseline {
  if (text.length > MAX_BASELINE_BYTES) throw invalid('the baseline is larger than 64 MiB');
  const parsed = parseJson(text, {
    maxDepth: 32,
    maxStringLength: 1024 * 1024,
    unsafeKeys: 'drop',
  });
  if (!parsed.ok) throw invalid('the baseline is not valid JSON');
  const data = parsed.value as unknown;
  const entries = new Map<string, BaselineEntry>();
  if (isRecord(data) && data['format'] === BASELINE_FORMAT) {
    const { salt, entries: list } = data;
    if (typeof salt !== 'string' || !/^[0-9a-f]{32,128}$/.test(salt))
      throw invalid('salt must be 32 to 128 hex digits');
    if (!Array.isArray(list)) throw invalid('entries is not a list');
    list.forEach((value, i) => {
      const entry = entryOf(value, i);
      entries.set(entry.fingerprint, entry);
    });
    return { salt, entries };
  }
  const findings = isRecord(data) ? data['findings'] : undefined;
  if (!Array.isArray(findings)) {
    throw invalid(
      `the baseline is neither ${BASELINE_FORMAT} (mlsec baseline create) nor a JSON report (mlsec scan --format json)`,
    );
  }
  for (const finding of findings) {
    const fp = isRecord(finding) ? finding['fingerprint'] : undefined;
    if (typeof fp !== 'string') continue;
    const ruleId =
      isRecord(finding) && typeof finding['ruleId'] === 'string' ? finding['ruleId'] : '';
    entries.set(fp, { fingerprint: fp, ruleId, path: '', status: 'accepted_risk' });
  }
  return { entries };
}

/** What a baseline did to a report: suppressed findings per status, and entries no longer found. */
export interface BaselineEffect {
  readonly suppressed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Entries whose finding was not seen in this scan (fixed, or the file moved). */
  readonly stale: number;
}

/** Drop findings the baseline knows; the rules list keeps only rules still used. */
export function applyBaseline(report: ScanReport, baseline: Baseline): ScanReport {
  const byStatus: Record<string, number> = {};
  const seen = new Set<string>();
  const findings = report.findings.filter((f) => {
    const entry = baseline.entries.get(f.fingerprint);
    if (!entry) return true;
    seen.add(f.fingerprint);
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
    return false;
  });
  const used = new Set(findings.map((f) => f.ruleId));
  const effect: BaselineEffect = {
    suppressed: report.findings.length - findings.length,
    byStatus,
    stale: [...baseline.entries.keys()].filter((fp) => !seen.has(fp)).length,
  };
  return {
    ...report,
    findings,
    rules: report.rules.filter((r) => used.has(r.id)),
    baseline: effect,
  };
}

/** A fresh salt for secret hashes: 32 random bytes, hex. */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

function entryFor(finding: Finding, status: BaselineStatus, reason?: string): BaselineEntry {
  const ev = finding.evidence ?? {};
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    path: [finding.location.path, ...(finding.location.member ?? [])].join(' › '),
    status,
    ...(reason !== undefined ? { reason: snippet(reason, 500) } : {}),
    ...(typeof ev['masked'] === 'string' ? { masked: ev['masked'] } : {}),
    ...(typeof ev['secretHash'] === 'string' ? { secretHash: ev['secretHash'] } : {}),
  };
}

/** What `baseline create` wrote. */
export interface BaselineWrite {
  readonly text: string;
  readonly added: number;
  readonly kept: number;
  readonly dropped: number;
}

/**
 * The baseline file for a report's findings. With `previous` (an update), its salt, statuses and
 * reasons are kept for findings still present, entries no longer found are dropped, and new findings
 * get `status`.
 */
export function writeBaseline(
  findings: readonly Finding[],
  options: {
    readonly salt: string;
    readonly status: BaselineStatus;
    readonly reason?: string;
    readonly previous?: Baseline;
    readonly now?: Date;
  },
): BaselineWrite {
  let added = 0;
  let kept = 0;
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (entries.has(finding.fingerprint)) continue;
    const old = options.previous?.entries.get(finding.fingerprint);
    if (old) kept++;
    else added++;
    entries.set(
      finding.fingerprint,
      old
        ? entryFor(finding, old.status, old.reason)
        : entryFor(finding, options.status, options.reason),
    );
  }
  const dropped = (options.previous?.entries.size ?? 0) - kept;
  const sorted = [...entries.values()].sort((a, b) =>
    a.path < b.path
      ? -1
      : a.path > b.path
        ? 1
        : a.ruleId < b.ruleId
          ? -1
          : a.ruleId > b.ruleId
            ? 1
            : 0,
  );
  const doc = {
    format: BASELINE_FORMAT,
    created: (options.now ?? new Date()).toISOString(),
    salt: options.salt,
    statuses: BASELINE_STATUSES,
    entries: sorted,
  };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, added, kept, dropped };
}
