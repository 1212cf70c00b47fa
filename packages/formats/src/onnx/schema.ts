/**
 * Field numbers of the ONNX messages this parser reads, from onnx/onnx.proto (IR version 10). Only
 * the fields that locate code (operators, functions, subgraphs) or data outside the file (external
 * tensors) are listed; every other field is skipped by wire type.
 */
export const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
  trainingInfo: 20,
  functions: 25,
} as const;

export const OPSET = { domain: 1, version: 2 } as const;

export const GRAPH = { node: 1, name: 2, initializer: 5, sparseInitializer: 15 } as const;

export const NODE = { name: 3, opType: 4, attribute: 5, domain: 7 } as const;

/** AttributeProto: tensors (t, tensors, sparse_tensor, sparse_tensors) and graphs (g, graphs). */
export const ATTRIBUTE = {
  name: 1,
  t: 5,
  g: 6,
  tensors: 10,
  graphs: 11,
  sparseTensor: 22,
  sparseTensors: 23,
} as const;

/** TensorProto: raw_data (9) is never read, only skipped. */
export const TENSOR = { name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;

/** TensorProto.DataLocation.EXTERNAL. */
export const DATA_LOCATION_EXTERNAL = 1;

export const SPARSE_TENSOR = { values: 1, indices: 2 } as const;

export const STRING_ENTRY = { key: 1, value: 2 } as const;

export const TRAINING_INFO = { initialization: 1, algorithm: 2 } as const;

export const FUNCTION = {
  name: 1,
  node: 7,
  opsetImport: 9,
  domain: 10,
  attributeProto: 11,
} as const;
