/**
 * Test helpers shared by every package's malformed-input tests, exported as `@mlsec/formats/testing`
 * (source only: never built into dist, never imported by runtime code).
 */
export { HOSTILE_CHARS, below, flipBytes, flipChars, prng, randomBytes } from './random.ts';
export type { FlipFocus, Random } from './random.ts';
export { TINY_LIMITS, runMalformedSuite } from './malformed-suite.ts';
export type {
  MalformedSample,
  MalformedSuiteOptions,
  ParseUnderTest,
  Truncation,
} from './malformed-suite.ts';
export { assertWellFormed } from './well-formed.ts';
export * as PYTHON_DEPS_SAMPLES from '../python-deps/testing/samples.ts';
export { PickleBuilder, pickle } from '../pickle/testing/pickle-builder.ts';
export { buildZip } from '../zip/testing/build-zip.ts';
export type { BuildEntry, BuildOptions } from '../zip/testing/build-zip.ts';
