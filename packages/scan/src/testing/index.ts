/** Test helpers of @mlsec/scan (source-only export, for tests of this and other packages). */
export { ALNUM, fake, fillMarkers, HEX, join, LETTERS, UPPER_BASE32 } from './fake-tokens.ts';
