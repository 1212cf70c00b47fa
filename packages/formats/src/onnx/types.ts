/** A key/value pair (StringStringEntryProto). */
export interface OnnxEntry {
  readonly key: string;
  readonly value: string;
}

/** One operator (domain + op_type) used by nodes, with the first graph that uses it. */
export interface OnnxOperator {
  /** The node's domain as written ('' means the default ONNX domain). */
  readonly domain: string;
  readonly opType: string;
  readonly count: number;
  /** Where it is first used, e.g. 'graph', 'graph/loop_body', 'function custom:Gelu'. */
  readonly graph: string;
}

/** A model-local function (FunctionProto): nodes of its domain and name call it, not a kernel. */
export interface OnnxFunction {
  readonly domain: string;
  readonly name: string;
}

/** A tensor whose data lives outside the model file (data_location EXTERNAL or external_data set). */
export interface OnnxExternalTensor {
  readonly name: string;
  readonly graph: string;
  readonly external: boolean;
  /** Every external_data entry as written, in order (duplicates included). */
  readonly entries: readonly OnnxEntry[];
  /** The last `location` entry (what onnx's loader uses). */
  readonly location?: string;
  readonly dataOffset?: number;
  readonly dataLength?: number;
  readonly checksum?: string;
  /** File offset of the TensorProto. */
  readonly offset: number;
}

/** What parseOnnx learns from a ModelProto; tensor data is never decoded. */
export interface OnnxModel {
  readonly irVersion?: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly domain: string;
  readonly modelVersion?: number;
  readonly opsetImports: readonly { readonly domain: string; readonly version: number }[];
  readonly operators: readonly OnnxOperator[];
  readonly functions: readonly OnnxFunction[];
  readonly externalTensors: readonly OnnxExternalTensor[];
  readonly metadataProps: readonly OnnxEntry[];
  readonly graphCount: number;
  readonly nodeCount: number;
  readonly tensorCount: number;
}
