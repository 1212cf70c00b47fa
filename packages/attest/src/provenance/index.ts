export {
  BUILDER_ID_PREFIX,
  MAX_DATASET_FILES_LISTED,
  MAX_FILE_SUBJECTS,
  SLSA_PROVENANCE_V1,
  TRAINING_BUILD_TYPE,
} from './constants.ts';
export { buildStatement } from './build-statement.ts';
export type { BuiltStatement } from './build-statement.ts';
export { canonicalJson } from './canonical-json.ts';
export { parseProvenanceStatement, readProvenance } from './read-statement.ts';
export type {
  ProvenanceContainer,
  ProvenanceRecord,
  ReadProvenance,
  RecordedDataset,
} from './read-statement.ts';
export { verifyProvenance } from './verify-provenance.ts';
export type {
  ProvenanceProblem,
  ProvenanceVerification,
  VerifyProvenanceOptions,
} from './verify-provenance.ts';
export type {
  DatasetFacts,
  EnvironmentFacts,
  FileDigest,
  GpuFacts,
  JsonObject,
  JsonValue,
  ModelFacts,
  ProvenanceFacts,
  ProvenanceStatement,
  PythonFacts,
  ResourceDescriptor,
  SourceFacts,
} from './types.ts';
