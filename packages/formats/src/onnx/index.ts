/** ONNX: ModelProto walker over a hand-written, bounded protobuf reader (raw_data is never decoded). */
export { parseOnnx } from './parse-onnx.ts';
export { ProtoMessage, WIRE } from './wire.ts';
export type {
  OnnxEntry,
  OnnxExternalTensor,
  OnnxFunction,
  OnnxModel,
  OnnxOperator,
} from './types.ts';
