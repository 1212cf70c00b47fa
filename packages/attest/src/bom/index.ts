export { buildModelBom } from './build-model-bom.ts';
export { serializeBom } from './serialize-bom.ts';
export { DEFAULT_BOM_LIMITS } from './limits.ts';
export { DEFAULT_SAMPLE_SIZES } from './file-sample.ts';
export { BOM_INPUT_IGNORED } from './issues.ts';
export type { BuildModelBomOptions, ModelBom } from './types.ts';
export type { BomLimits } from './limits.ts';
export type { FileSample, FormatOf, SampleSizes } from './file-sample.ts';
