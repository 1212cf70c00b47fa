/**
 * @mlsec/attest: digests and model manifests, DSSE envelopes, in-toto statements, Sigstore bundles,
 * OpenSSF model-signing compatible sign/verify, provenance and ML-BOMs. Never parses model artifacts.
 */
export {};
