import type { Severity } from '@mlsec/core';

/** One entry of the rule catalogue; docs/rules.md is generated from these. */
export interface RuleDef {
  /** Stable id, `family/kebab-name`. */
  readonly id: string;
  readonly severity: Severity;
  /** Short title (SARIF shortDescription). */
  readonly title: string;
  /** What the finding means and why it matters (SARIF fullDescription). */
  readonly description: string;
  /** How to fix or triage it (SARIF help). */
  readonly fix: string;
  /** MITRE ATLAS technique ids, checked against shared/data/mitre-atlas in tests. */
  readonly atlas: readonly string[];
  readonly cwe?: readonly string[];
  /** Extra SARIF tags. */
  readonly tags?: readonly string[];
}

/** ATLAS ids used across the catalogue. */
export const ATLAS = {
  /** AI Supply Chain Compromise: Model. */
  supplyChainModel: 'AML.T0010.003',
  /** User Execution: Unsafe AI Artifacts. */
  unsafeArtifact: 'AML.T0011.000',
} as const;
