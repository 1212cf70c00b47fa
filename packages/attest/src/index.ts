/**
 * @mlsec/attest: digests and model manifests, DSSE envelopes, in-toto statements, Sigstore bundles,
 * verification of OpenSSF model-signing signatures and provenance, and CycloneDX ML-BOMs. Never parses
 * model artifacts. Signing (private keys) lives in `@mlsec/attest/sign`.
 */
export { verifyBundle } from './verify/verify-bundle.ts';
export type { Signer, TrustPolicy, VerifiedEnvelope } from './verify/verify-bundle.ts';
export { VERIFY_CODES } from './bundle/codes.ts';
export { DEFAULT_BUNDLE_MAX_BYTES } from './bundle/parse-bundle.ts';
export { readPemCertificates } from './bundle/chain.ts';
export type { VerifyCode } from './bundle/codes.ts';
export { verifyModel } from './verify/verify-model.ts';
export type { ModelVerification, VerifyModelOptions } from './verify/verify-model.ts';
export { describeDiff, isEmptyDiff } from './verify/file-diff.ts';
export type { FileDiff } from './verify/file-diff.ts';
export { diffFiles } from './verify/model-diff.ts';
export type { ManifestProgress } from './manifest/index.ts';
export { buildManifest, subjectDigest, toGoldenText, HashPool } from './manifest/index.ts';
export type {
  BuildManifestOptions,
  HashPoolOptions,
  Manifest,
  ManifestResource,
  ManifestSerialization,
} from './manifest/index.ts';
export { writeModelStatement } from './bundle/write-statement.ts';
export type { WriteStatementOptions } from './bundle/write-statement.ts';
export {
  buildStatement,
  canonicalJson,
  parseProvenanceStatement,
  readProvenance,
  verifyProvenance,
  BUILDER_ID_PREFIX,
  MAX_DATASET_FILES_LISTED,
  MAX_FILE_SUBJECTS,
  SLSA_PROVENANCE_V1,
  TRAINING_BUILD_TYPE,
} from './provenance/index.ts';
export type {
  BuiltStatement,
  DatasetFacts,
  EnvironmentFacts,
  FileDigest,
  GpuFacts,
  JsonObject,
  JsonValue,
  ModelFacts,
  ProvenanceContainer,
  ProvenanceFacts,
  ProvenanceProblem,
  ProvenanceRecord,
  ProvenanceStatement,
  ProvenanceVerification,
  PythonFacts,
  ReadProvenance,
  RecordedDataset,
  ResourceDescriptor,
  SourceFacts,
  VerifyProvenanceOptions,
} from './provenance/index.ts';
export {
  buildModelBom,
  serializeBom,
  BOM_INPUT_IGNORED,
  DEFAULT_BOM_LIMITS,
  DEFAULT_SAMPLE_SIZES,
} from './bom/index.ts';
export type {
  BomLimits,
  BuildModelBomOptions,
  FileSample,
  FormatOf,
  ModelBom,
  SampleSizes,
} from './bom/index.ts';
