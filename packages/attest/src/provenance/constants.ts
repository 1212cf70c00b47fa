/** in-toto Statement v1 `_type` (in-toto/attestation spec/v1/statement.md). */
export { IN_TOTO_STATEMENT_V1 } from '../bundle/statement.ts';

/** SLSA Provenance v1 predicate type (slsa.dev/spec/v1.0/provenance). */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/**
 * `buildDefinition.buildType` of a training run recorded by `mlsec provenance capture`; the URI resolves
 * to docs/provenance.md, which describes every field.
 */
export const TRAINING_BUILD_TYPE =
  'https://github.com/mlsec/mlsec/blob/main/docs/provenance.md#training-v1';

/** Prefix of `runDetails.builder.id`; the CLI version follows the `@`. */
export const BUILDER_ID_PREFIX = 'https://github.com/mlsec/mlsec/cli@';

/**
 * Most per-file model subjects written after `subject[0]`. Above it only `subject[0]` (the root digest)
 * is written: verification still detects any change, but cannot name the file that changed.
 */
export const MAX_FILE_SUBJECTS = 10_000;

/**
 * Most files listed in a dataset's `annotations.files`. Above it the list is left out (the root digest,
 * `fileCount` and `totalBytes` stay): verification detects a change but cannot name the file.
 */
export const MAX_DATASET_FILES_LISTED = 10_000;

/** Largest provenance statement or bundle read back (bytes). */
export const MAX_PROVENANCE_BYTES = 64 * 1024 * 1024;

/** `annotations['mlsec.kind']` of a resolved dependency. */
export const DEPENDENCY_KIND = { dataset: 'dataset', source: 'source' } as const;
