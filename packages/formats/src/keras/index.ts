/**
 * Keras model configs (Keras 2 `.h5` `model_config`, Keras 3 `.keras` `config.json`): a Python-compatible
 * bounded JSON parser and a walker that lists marshalled lambdas and module/class/function references.
 * Issue codes: KERAS_JSON_SYNTAX, KERAS_JSON_TOO_DEEP, KERAS_JSON_TOO_LARGE, KERAS_CONFIG_TOO_DEEP,
 * KERAS_CONFIG_TOO_LARGE.
 */
export { analyseKerasConfig, pointerOf, KERAS_CONFIG_MAX_DEPTH } from './analyse-config.ts';
export { parseKerasConfig, looksLikeKerasConfig } from './parse-config.ts';
export { parsePythonJson } from './python-json.ts';
export type { PythonJsonLimits } from './python-json.ts';
export { decodeJsonBytes } from './decode-json-bytes.ts';
export { marshalStrings } from './marshal-strings.ts';
export type {
  JsonObject,
  JsonValue,
  KerasConfigAnalysis,
  KerasLambda,
  KerasReference,
} from './types.ts';
