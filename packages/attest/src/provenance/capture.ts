/**
 * The capture side of provenance: runs git, nvidia-smi and pip, and signs. Exported from
 * `@mlsec/attest/sign` only (servers verify provenance, they never capture it).
 */
export { captureProvenance, datasetNames } from './capture-provenance.ts';
export type { CaptureProvenanceOptions, CapturedProvenance } from './capture-provenance.ts';
export { captureEnvironment, parseNvidiaSmi } from './capture-environment.ts';
export type { CaptureEnvironmentOptions } from './capture-environment.ts';
export { captureGit } from './capture-git.ts';
export { redactRemote } from './redact-remote.ts';
export { parsePipFreeze } from './capture-python.ts';
export { hashDataset, hashModel } from './dataset-manifest.ts';
export type { HashedTree, HashTreeOptions } from './dataset-manifest.ts';
export { parseParams, MAX_PARAMS_BYTES } from './read-params.ts';
export { toUtcTimestamp } from './timestamp.ts';
