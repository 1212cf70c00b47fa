/**
 * Keras model configs (Keras 2 `.h5` `model_config`, Keras 3 `.keras` `config.json`): parsing as
 * Python's json.loads does (with the shared bounded JSON parser) and a walker that lists marshalled
 * lambdas and module/class/function references.
 * Issue codes: KERAS_JSON_SYNTAX, KERAS_JSON_TOO_DEEP, KERAS_JSON_TOO_LARGE, KERAS_CONFIG_TOO_DEEP,
 * KERAS_CONFIG_TOO_LARGE.
 */
export { analyseKerasConfig, KERAS_CONFIG_MAX_DEPTH } from './analyse-config.ts';
export { parseKerasConfig, looksLikeKerasConfig } from './parse-config.ts';
export { decodeJsonBytes } from './decode-json-bytes.ts';
export { marshalStrings } from './marshal-strings.ts';
export type { KerasConfigAnalysis, KerasLambda, KerasReference } from './types.ts';
