/** SafeTensors: header parser and validation (no tensor data is read). */
export { parseSafetensors, SAFETENSORS_MAX_HEADER } from './parse-safetensors.ts';
export { SAFETENSORS_DTYPE_BITS, tensorByteSize } from './dtypes.ts';
export type { SafetensorsHeader, SafetensorsTensor } from './types.ts';
