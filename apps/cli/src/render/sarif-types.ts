/**
 * The part of SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) that mlsec writes.
 * Section numbers in comments refer to that standard.
 */

/** §3.27.10: result and default-configuration levels. */
export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}

/** §3.49: a rule. GitHub code scanning reads name, descriptions, help and the properties below. */
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: {
    readonly tags: readonly string[];
    /** GitHub: a number in (0, 10] as a string; absent for rules without a security severity. */
    readonly 'security-severity'?: string;
  };
}

/** §3.4: where an artifact is; `uriBaseId` names the root a relative `uri` resolves against. */
export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/** §3.30: a textual region (lines and columns from 1) or a binary one (byte offset from 0). */
export interface SarifRegion {
  readonly startLine?: number;
  readonly startColumn?: number;
  readonly byteOffset?: number;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly [
    {
      readonly physicalLocation: {
        readonly artifactLocation: SarifArtifactLocation;
        readonly region?: SarifRegion;
      };
    },
  ];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: 'mlsec';
      readonly version: string;
      readonly informationUri: string;
      readonly rules: readonly SarifRule[];
    };
  };
  readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>;
  readonly invocations?: readonly {
    readonly executionSuccessful: boolean;
    readonly toolExecutionNotifications: readonly {
      readonly level: SarifLevel;
      readonly message: SarifMessage;
    }[];
  }[];
  readonly columnKind?: 'utf16CodeUnits';
  readonly results: readonly SarifResult[];
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [SarifRun];
}
