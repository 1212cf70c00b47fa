/**
 * @mlsec/attest/sign: everything that touches a private key (key generation and loading, signing models
 * and provenance). Kept apart from the verify-only `@mlsec/attest` entry point so that the registry, the
 * gateway and the dashboard, which only verify, never load signing code (architecture.md, layering).
 */
export { loadSigningKey, isEncryptedPem } from './keys/load-signing-key.ts';
export type { SigningKey } from './keys/load-signing-key.ts';
export { signStatementBundle } from './sign/sign-bundle.ts';
export type { SignBundleOptions } from './sign/sign-bundle.ts';
export { signModel } from './sign/sign-model.ts';
export type { SignedModel, SignModelOptions } from './sign/sign-model.ts';
export { generateSigningKey } from './keys/generate-key.ts';
export type { GeneratedKey, GenerateKeyOptions } from './keys/generate-key.ts';
export type { CurveName } from './bundle/curves.ts';
export {
  captureProvenance,
  captureEnvironment,
  captureGit,
  hashDataset,
  hashModel,
  parseParams,
  redactRemote,
  toUtcTimestamp,
  MAX_PARAMS_BYTES,
} from './provenance/capture.ts';
export type {
  CaptureProvenanceOptions,
  CapturedProvenance,
  CaptureEnvironmentOptions,
  HashedTree,
  HashTreeOptions,
} from './provenance/capture.ts';
