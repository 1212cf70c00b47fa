/**
 * @mlsec/attest: digests and model manifests, DSSE envelopes, in-toto statements, Sigstore bundles,
 * verification of OpenSSF model-signing signatures and provenance, and CycloneDX ML-BOMs. Never parses
 * model artifacts. Signing (private keys) lives in `@mlsec/attest/sign`.
 */
export { verifyBundle } from './verify/verify-bundle.ts';
export type { Signer, TrustPolicy, VerifiedEnvelope } from './verify/verify-bundle.ts';
export { VERIFY_CODES } from './bundle/codes.ts';
export type { VerifyCode } from './bundle/codes.ts';
