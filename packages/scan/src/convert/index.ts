/**
 * SafeTensors output for `mlsec convert` (issue 5): a streaming writer (temporary file, fsync,
 * rename; SHA-256 as written) and a verifier that re-reads the result with the bounded parser.
 */
export { writeSafetensors } from './safetensors-writer.ts';
export type { WriteOptions, WriteResult } from './safetensors-writer.ts';
export { verifySafetensors } from './verify-safetensors.ts';
export type { VerifyFailure, VerifyOptions, VerifyResult } from './verify-safetensors.ts';
export { planHeader } from './plan-header.ts';
export type { HeaderPlan, PlannedTensor } from './plan-header.ts';
export { bytesTensor, WRITABLE_DTYPES } from './tensor-input.ts';
export type { TensorInput, TensorSink, WritableDtype } from './tensor-input.ts';
export { convertFile, planConversion, ConvertRefusedError } from './convert-file.ts';
export type { ConvertOptions, ConvertProgress, ConvertResult } from './convert-file.ts';
export type { ConvertFormat, ConvertPlan } from './convert-plan.ts';
export { convertSharded, safetensorsShardName, SAFETENSORS_INDEX } from './convert-sharded.ts';
export type { ShardedOptions, ShardedResult } from './convert-sharded.ts';
