/**
 * A protobuf writer for tests: a message is a list of [field, value] pairs; numbers and bigints are
 * varints, strings and bytes are length-delimited, nested lists are sub-messages. `raw` writes a key
 * with any wire type for malformed inputs.
 */
export type ProtoValue = number | bigint | string | Uint8Array | ProtoFields | { raw: Uint8Array };
export type ProtoFields = readonly (readonly [number, ProtoValue])[];

function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

export function encode(fields: ProtoFields): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'number' || typeof value === 'bigint') {
      parts.push(Uint8Array.from([...varint(BigInt(field) << 3n), ...varint(BigInt(value))]));
      continue;
    }
    if (
      !Array.isArray(value) &&
      !(value instanceof Uint8Array) &&
      typeof value === 'object' &&
      'raw' in value
    ) {
      parts.push(value.raw);
      continue;
    }
    const body =
      typeof value === 'string'
        ? Buffer.from(value, 'utf8')
        : value instanceof Uint8Array
          ? value
          : encode(value as ProtoFields);
    parts.push(
      Uint8Array.from([...varint((BigInt(field) << 3n) | 2n), ...varint(BigInt(body.length))]),
      body,
    );
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** NodeProto: op_type (4), domain (7), name (3), attributes (5). */
export const node = (
  opType: string,
  domain = '',
  attributes: ProtoFields[] = [],
  name = '',
): ProtoFields => [
  ...(name ? ([[3, name]] as const) : []),
  [4, opType],
  ...attributes.map((a) => [5, a] as const),
  ...(domain ? ([[7, domain]] as const) : []),
];

/** AttributeProto holding a subgraph (g, field 6). */
export const graphAttribute = (name: string, graph: ProtoFields): ProtoFields => [
  [1, name],
  [20, 5],
  [6, graph],
];

/** TensorProto: name (8), raw_data (9), external_data (13) and data_location EXTERNAL (14). */
export const tensor = (
  name: string,
  external?: Record<string, string>,
  rawData?: Uint8Array,
): ProtoFields => [
  [1, 4],
  [2, 1],
  [8, name],
  ...(rawData ? ([[9, rawData]] as const) : []),
  ...Object.entries(external ?? {}).map(
    ([k, v]) =>
      [
        13,
        [
          [1, k],
          [2, v],
        ],
      ] as const,
  ),
  ...(external ? ([[14, 1]] as const) : []),
];

/** GraphProto: nodes (1), name (2), initializers (5). */
export const graph = (nodes: ProtoFields[], initializers: ProtoFields[] = []): ProtoFields => [
  ...nodes.map((n) => [1, n] as const),
  [2, 'main'],
  ...initializers.map((t) => [5, t] as const),
];

/** ModelProto: ir_version 8, producer, graph, opset imports (domain → version), functions (25). */
export function model(
  g: ProtoFields,
  opsets: Record<string, number> = { '': 17 },
  functions: ProtoFields[] = [],
): Uint8Array {
  return encode([
    [1, 8],
    [2, 'mlsec-test'],
    [7, g],
    ...Object.entries(opsets).map(
      ([domain, version]) =>
        [
          8,
          [
            [1, domain],
            [2, version],
          ],
        ] as const,
    ),
    ...functions.map((f) => [25, f] as const),
  ]);
}

/** A small valid model: Add over an initializer with 1 KiB of raw_data. */
export function validOnnx(): Uint8Array {
  return model(graph([node('Add')], [tensor('w', undefined, new Uint8Array(1024).fill(7))]));
}

/**
 * Made with onnx 1.12 helper.make_model (/usr/bin/python3): Add(x, w) where initializer w is EXTERNAL
 * at weights.bin (offset 0, length 16); If with then_branch Identity and else_branch MyOp of domain
 * com.example; FusedMatMul of domain com.microsoft; opsets '' 17, com.example 1, com.microsoft 1.
 */
export const REAL_ONNX_BASE64 =
  'CAgSCm1sc2VjLXRlc3Q6uwIKDgoBeAoBdxIBeSIDQWRkCo0BCgFjEgF6IgJJZipECgtlbHNlX2JyYW5jaDIyChkKAXgSAWUiBE15T3A6C2NvbS5leGFtcGxlEgRlbHNlYg8KAWUSCgoICAESBAoCCASgAQUqOwoLdGhlbl9icmFuY2gyKQoQCgF4EgF0IghJZGVudGl0eRIEdGhlbmIPCgF0EgoKCAgBEgQKAggEoAEFCiUKAXkKAXkSAW0iC0Z1c2VkTWF0TXVsOg1jb20ubWljcm9zb2Z0EgRtYWluKj0IBBABQgF3ahcKCGxvY2F0aW9uEgt3ZWlnaHRzLmJpbmoLCgZvZmZzZXQSATBqDAoGbGVuZ3RoEgIxNnABWg8KAXgSCgoICAESBAoCCARaCwoBYxIGCgQICRIAYg8KAXoSCgoICAESBAoCCARCBAoAEBFCDwoLY29tLmV4YW1wbGUQAUIRCg1jb20ubWljcm9zb2Z0EAE=';
