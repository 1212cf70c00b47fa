/** GGUF: header, metadata and tensor-info parser; Jinja chat-template lexer for the scanners. */
export { parseGguf } from './parse-gguf.ts';
export {
  GGML_TYPES,
  GGUF_VALUE_TYPES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAX_DIMS,
} from './constants.ts';
export type { GgmlType, GgufValueType } from './constants.ts';
export type { GgufArray, GgufEntry, GgufFile, GgufTensorInfo, GgufValue } from './types.ts';
export { jinjaBlocks } from './jinja-lexer.ts';
export type { JinjaBlock, JinjaToken } from './jinja-lexer.ts';
export { decodeJinjaString } from './jinja-string.ts';
export { templateReferences } from './template-references.ts';
export type { TemplateReference } from './template-references.ts';
