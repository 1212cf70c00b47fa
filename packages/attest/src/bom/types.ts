import type { FormatIssue } from '@mlsec/core';
import type { FormatOf, SampleSizes } from './file-sample.ts';
import type { BomLimits } from './limits.ts';

/** Options for {@link buildModelBom}. */
export interface BuildModelBomOptions {
  /** The producing tool's version, recorded in `metadata.tools` (the CLI passes mlsec's version). */
  readonly toolVersion: string;
  /** Content identification for each file; without it no `mlsec:format` properties are written. */
  readonly formatOf?: FormatOf;
  /** How much of each file `formatOf` sees (default 4 KiB head, 65,557-byte tail). */
  readonly sampleSizes?: SampleSizes;
  /**
   * A provenance file (Sigstore bundle, DSSE envelope or in-toto statement with a SLSA v1 predicate) to
   * record; unreadable or invalid is PROVENANCE_STATEMENT_INVALID. Default: pick up `provenance.json`,
   * `*.provenance.json` or `*.intoto.json` at the top of a model folder (a bad one is only an issue).
   * `false`: none.
   */
  readonly provenance?: string | false;
  /** `serialNumber` (`urn:uuid:…`); default a random UUID. Fix it for reproducible output. */
  readonly serialNumber?: string;
  /** `metadata.timestamp`; default now. Fix it for reproducible output. */
  readonly timestamp?: Date;
  /** Extra model paths to leave out (e.g. the BOM file itself when written inside the model). */
  readonly ignore?: readonly string[];
  /** Hash symlinked files by their target (default false: a symlink is ATTEST_SYMLINK_REFUSED). */
  readonly allowSymlinks?: boolean;
  /** Override the bounds on untrusted input. */
  readonly limits?: Partial<BomLimits>;
}

/** The result of {@link buildModelBom}. */
export interface ModelBom {
  /** The CycloneDX 1.6 JSON document (a plain object; serialize with `serializeBom`). */
  readonly bom: Readonly<Record<string, unknown>>;
  /** The model's OMS root digest (files mode), as `mlsec sign` and `mlsec provenance capture` compute it. */
  readonly rootDigest: string;
  /** The provenance file recorded, if any (unverified). */
  readonly provenanceFile?: string;
  /** What was left out (hostile or unreadable card, config or auto-detected provenance): BOM_INPUT_IGNORED. */
  readonly issues: readonly FormatIssue[];
}

export type { BomLimits };
