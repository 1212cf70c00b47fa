export { buildManifest } from './build-manifest.ts';
export { subjectDigest, toGoldenText } from './subject-digest.ts';
export { comparePosixPaths, compareCodePoints } from './path-order.ts';
export { GIT_IGNORE_PATHS, DEFAULT_SIGNATURE_FILE } from './ignore-paths.ts';
export { ManifestError, MANIFEST_ERROR_CODES } from './manifest-error.ts';
export type { ManifestErrorCode } from './manifest-error.ts';
export type {
  BuildManifestOptions,
  Manifest,
  ManifestResource,
  ManifestSerialization,
} from './types.ts';
