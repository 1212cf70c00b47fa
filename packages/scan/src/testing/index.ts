/** Test helpers of @mlsec/scan (source-only export, for tests of this and other packages). */
export { ALNUM, fake, fillMarkers, HEX, join, LETTERS, UPPER_BASE32 } from './fake-tokens.ts';
export { runDetector, NEUTRAL_POLICY } from './run-detector.ts';
export type { CapturedReport, CapturedNested } from './run-detector.ts';
export { shippedPatterns } from './shipped-patterns.ts';
export { samplePattern } from './sample-pattern.ts';
export type { SampleOptions } from './sample-pattern.ts';
export { PLANTED, plant, plantSecretsTrees } from './planted-tree.ts';
