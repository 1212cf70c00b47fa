export { buildManifest } from './build-manifest.ts';
export { HashPool } from './hash-pool.ts';
export type { HashPoolOptions } from './hash-pool.ts';
export { subjectDigest, toGoldenText } from './subject-digest.ts';
export { comparePosixPaths, compareCodePoints } from './path-order.ts';
export { GIT_IGNORE_PATHS, DEFAULT_SIGNATURE_FILE } from './ignore-paths.ts';
export type {
  BuildManifestOptions,
  Manifest,
  ManifestProgress,
  ManifestResource,
  ManifestSerialization,
} from './types.ts';
