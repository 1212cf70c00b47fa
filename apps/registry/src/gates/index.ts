/**
 * Promotion gates: a per-namespace YAML policy says what each alias may point at (trusted signature,
 * scan severity, provenance, evaluation metrics, approvals with separation of duties), and
 * evaluateGates() says which gates pass and exactly what failed.
 */
export { evaluateGates, gatesFor } from './evaluate.ts';
export type { GateDecision } from './evaluate.ts';
export { GATES } from './evidence.ts';
export type {
  GateEvidence,
  GateName,
  GateResult,
  ProvenanceEvidence,
  SignatureEvidence,
} from './evidence.ts';
export {
  acceptedFingerprints,
  certificateFingerprint,
  keyFingerprint,
  trustEntries,
  FINGERPRINT,
} from './trust.ts';
export type { TrustEntry } from './trust.ts';
export {
  MAX_POLICY_BYTES,
  formatProblems,
  loadGatePolicy,
  parseGatePolicy,
  requireGatePolicy,
} from './load-policy.ts';
export type { GatePolicyParse } from './load-policy.ts';
export { aliasGatesSchema, gatePolicySchema, trustSchema } from './policy-schema.ts';
export type { AliasGates, GatePolicy, TrustSection } from './policy-schema.ts';
export type { YamlProblem as PolicyProblem } from '@mlsec/scan';
