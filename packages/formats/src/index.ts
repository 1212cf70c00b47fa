/**
 * @mlsec/formats: parsers of untrusted bytes. No policy and no I/O beyond the ByteSource they are given;
 * each parser takes Limits and returns a ParseResult with issues, never throws on bad input. Every
 * format folder's index.ts names its public surface; this file gathers them.
 */
export * from './identify/index.ts';
export * from './pickle/index.ts';
export * from './zip/index.ts';
export * from './tar/index.ts';
export * from './compression/index.ts';
export * from './safetensors/index.ts';
export * from './gguf/index.ts';
export * from './numpy/index.ts';
export * from './onnx/index.ts';
export * from './hdf5/index.ts';
export * from './json/index.ts';
export * from './notebook/index.ts';
export * from './python-deps/index.ts';
export {
  analyseKerasConfig,
  KERAS_CONFIG_MAX_DEPTH,
  parseKerasConfig,
  looksLikeKerasConfig,
  decodeJsonBytes,
  marshalStrings,
} from './keras/index.ts';
export type { KerasConfigAnalysis, KerasLambda, KerasReference } from './keras/index.ts';
