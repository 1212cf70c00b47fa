import { ReadError, fail, issue, ok, readAll } from '@mlsec/core';
import type { ByteSource, Limits, ParseResult } from '@mlsec/core';
import { ModelWalker } from './model-walker.ts';
import type { OnnxModel } from './types.ts';
import { ProtoMessage } from './wire.ts';

/** ReadError codes of the wire reader that mean "not valid protobuf". */
const PROTO_CODES = new Set([
  'PROTO_BAD_VARINT',
  'PROTO_BAD_TAG',
  'PROTO_GROUP',
  'PROTO_BAD_WIRE_TYPE',
]);

/**
 * Parse an ONNX model (a ModelProto, onnx/onnx.proto). Protobuf has no index, so the whole file is
 * read (up to `limits.maxBytes`) and walked field by field; tensor payloads (`raw_data`) are skipped by
 * length, never decoded. Returns operators, functions, opset imports and external-data references.
 *
 * @example
 *   const result = await parseOnnx(source, DEFAULT_LIMITS);
 *   if (result.ok) for (const t of result.value.externalTensors) console.log(t.location);
 */
export async function parseOnnx(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<OnnxModel>> {
  if (source.size === 0) return fail([issue('ONNX_EMPTY', 'the file is empty', 0, true)]);
  if (source.size > limits.maxBytes) {
    return fail([
      issue(
        'ONNX_TOO_LARGE',
        `the file has ${source.size} bytes, more than the limit of ${limits.maxBytes}`,
        0,
        true,
      ),
    ]);
  }
  const bytes = await readAll(source);
  const walker = new ModelWalker(limits);
  try {
    const model = walker.model(new ProtoMessage(bytes));
    return ok(model, walker.issues);
  } catch (error) {
    if (error instanceof ReadError) {
      const code = error.code.startsWith('ONNX_')
        ? error.code
        : PROTO_CODES.has(error.code)
          ? 'ONNX_MALFORMED_PROTOBUF'
          : 'ONNX_TRUNCATED';
      walker.issues.push(issue(code, error.message, error.offset, true));
    } else if (error instanceof RangeError) {
      // Only reachable when limits.maxDepth is set beyond what the stack allows.
      walker.issues.push(issue('ONNX_TOO_DEEP', 'subgraphs nest too deeply to walk', 0, true));
    } else throw error;
    return fail(walker.issues);
  }
}
