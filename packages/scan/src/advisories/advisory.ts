/**
 * The compact advisory database mlsec ships and loads: OSV records of the PyPI ecosystem reduced to what
 * matching and reporting need (see compile-osv.ts for how a record is reduced).
 */

/** One event of an OSV ECOSYSTEM range, in the record's order. */
export type RangeEvent =
  { readonly introduced: string } | { readonly fixed: string } | { readonly last_affected: string };

export interface AffectedPackage {
  /** PEP 503 normalised PyPI name. */
  readonly name: string;
  /** ECOSYSTEM ranges, each a list of events in the record's order. */
  readonly ranges: readonly (readonly RangeEvent[])[];
  /** Explicitly listed versions that no range covers (the record's `versions[]` minus the ranges). */
  readonly versions: readonly string[];
}

export interface SeverityVector {
  /** OSV severity type: CVSS_V3 or CVSS_V4. */
  readonly type: string;
  readonly vector: string;
}

export interface Advisory {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  /** The details text, cut to MAX_DETAILS_LENGTH. */
  readonly details: string;
  readonly modified?: string;
  readonly published?: string;
  /** Set when the advisory was withdrawn: matching skips it. */
  readonly withdrawn?: string;
  readonly severity: readonly SeverityVector[];
  readonly affected: readonly AffectedPackage[];
}

export interface AdvisoryDatabase {
  readonly format: typeof ADVISORY_DB_FORMAT;
  /** When the source snapshot was taken (YYYY-MM-DD): shown in every report. */
  readonly snapshotDate: string;
  /** Where the records came from, for attribution. */
  readonly source: string;
  readonly advisories: readonly Advisory[];
}

export const ADVISORY_DB_FORMAT = 'mlsec-advisories/1';
