import type { Finding } from '@mlsec/core';
import type { RuleDef } from '../rules/rule.ts';

/** Counters for one scan. */
export interface ScanStats {
  /** Files on disk scanned. */
  readonly files: number;
  /** Bytes of those files (their sizes, not bytes read). */
  readonly bytes: number;
  /** Artifacts scanned including archive members and decompressed payloads. */
  readonly artifacts: number;
  readonly durationMs: number;
  /** Files and folders left out by `exclude` patterns (absent when none). */
  readonly excluded?: number;
}

/** The result of a scan: what every renderer (table, json, sarif) takes. */
export interface ScanReport {
  readonly tool: { readonly name: 'mlsec'; readonly version: string };
  /** The paths given to the scan, as typed. */
  readonly targets: readonly string[];
  /** Findings sorted by severity (most severe first), then path. */
  readonly findings: readonly Finding[];
  /** Catalogue entries of every rule that produced a finding (SARIF tool.driver.rules). */
  readonly rules: readonly RuleDef[];
  readonly stats: ScanStats;
  /** The advisory database dependency checks used (absent when no such check ran). */
  readonly advisories?: {
    /** Date of the OSV snapshot (YYYY-MM-DD). */
    readonly snapshotDate: string;
    /** 'bundled' or the database file. */
    readonly source: string;
  };
  /** What a baseline suppressed (set by the caller that applied one). */
  readonly baseline?: {
    readonly suppressed: number;
    /** Suppressed findings per baseline status (accepted_risk, false_positive, rotated). */
    readonly byStatus: Readonly<Record<string, number>>;
    /** Baseline entries whose finding this scan did not see. */
    readonly stale: number;
  };
}
