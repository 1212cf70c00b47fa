/**
 * One bounded, never-throwing, prototype-pollution-safe JSON parser for every format that embeds JSON
 * (SafeTensors headers, Keras configs, Hugging Face repository files); options choose the dialect.
 * Issue codes: JSON_ISSUE_CODES (renamed per caller through `codes`).
 */
export { parseJson } from './parse-json.ts';
export { jsonPointer, pointerOf } from './pointer.ts';
export { JSON_ISSUE_CODES, PROTOTYPE_KEYS, PYTHON_JSON_LOADS } from './options.ts';
export type { JsonIssueCode, JsonParseOptions } from './options.ts';
export type { JsonObject, JsonValue } from './types.ts';
