import { MlsecError, snippet } from '@mlsec/core';
import { PROTOTYPE_KEYS, SAFETENSORS_MAX_HEADER } from '@mlsec/formats';
import { WRITABLE_DTYPES } from './tensor-input.ts';
import type { TensorInput, WritableDtype } from './tensor-input.ts';

/*
 * SafeTensors layout, after huggingface/safetensors (safetensors/src/tensor.rs, `prepare` and
 * `Metadata`'s Serialize, checked against its `test_serialization*` and `test_empty` vectors):
 * - 8 bytes: N, the header length, u64 little-endian; then N bytes of UTF-8 JSON; then the data.
 * - The JSON is compact (serde_json): `__metadata__` first when given, then one entry per tensor,
 *   `{"dtype":…,"shape":[…],"data_offsets":[begin,end]}`, offsets relative to the data section.
 * - Tensors are ordered by descending dtype alignment (the order of the `Dtype` enum, reversed),
 *   then by name (Rust compares the UTF-8 bytes), and laid out contiguously in that order, so with
 *   an 8-byte aligned header every tensor starts aligned to its element size.
 * - The JSON is padded with spaces to a multiple of 8 bytes; N counts the padding.
 * - Readers refuse N > 100,000,000 (MAX_HEADER_SIZE).
 * `__metadata__` is a Rust HashMap there, so its key order varies; ours is sorted for determinism.
 */

/** The `Dtype` enum order of the reference implementation (increasing alignment), ours only. */
const DTYPE_RANK: Readonly<Record<WritableDtype, number>> = {
  BOOL: 0,
  U8: 1,
  I8: 2,
  I16: 3,
  U16: 4,
  F16: 5,
  BF16: 6,
  I32: 7,
  U32: 8,
  F32: 9,
  F64: 10,
  I64: 11,
  U64: 12,
};

/** A tensor with its place in the data section. */
export interface PlannedTensor {
  readonly input: TensorInput;
  /** Offsets relative to the data section, [begin, end). */
  readonly begin: number;
  readonly end: number;
}

/** Everything before the data section, and where each tensor goes. */
export interface HeaderPlan {
  /** Length prefix, JSON and padding: the first `prefix.length` bytes of the file. */
  readonly prefix: Uint8Array;
  /** Tensors in file order. */
  readonly tensors: readonly PlannedTensor[];
  readonly dataBytes: number;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function refuse(message: string): never {
  throw new MlsecError('SCAN_CONVERT_INVALID_INPUT', message);
}

/** Names the header can carry and our own bounded reader keeps (it drops prototype keys). */
function checkKey(key: unknown, what: string): string {
  if (typeof key !== 'string' || key.length === 0) refuse(`a ${what} is empty or not a string`);
  if (LONE_SURROGATE.test(key)) refuse(`${what} "${snippet(key, 80)}" is not valid Unicode`);
  if (PROTOTYPE_KEYS.includes(key)) refuse(`${what} "${snippet(key, 80)}" is a reserved key`);
  return key;
}

function checkTensor(tensor: TensorInput): void {
  const name = checkKey(tensor.name, 'tensor name');
  const label = `tensor "${snippet(name, 80)}"`;
  if (name === '__metadata__') refuse(`${label} would be read as the metadata`);
  if (!Object.hasOwn(WRITABLE_DTYPES, tensor.dtype)) {
    refuse(`${label} has the unsupported dtype "${snippet(String(tensor.dtype), 20)}"`);
  }
  const shape: unknown = tensor.shape;
  if (!Array.isArray(shape)) refuse(`${label} has no shape array`);
  let elements = 1n;
  for (const dim of shape as readonly unknown[]) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      refuse(`${label} has a bad dimension`);
    }
    elements *= BigInt(dim);
  }
  const expected = elements * BigInt(WRITABLE_DTYPES[tensor.dtype]);
  if (!Number.isSafeInteger(tensor.byteLength) || BigInt(tensor.byteLength) !== expected) {
    refuse(`${label} announces ${tensor.byteLength} bytes; its shape and dtype need ${expected}`);
  }
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function metadataJson(metadata: Readonly<Record<string, string>>): string {
  const keys = Object.keys(metadata).sort(compareUtf8);
  const parts = keys.map((key) => {
    const value = metadata[checkKey(key, 'metadata key')];
    if (typeof value !== 'string' || LONE_SURROGATE.test(value)) {
      refuse(`metadata value "${snippet(key, 80)}" is not a valid Unicode string`);
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${parts.join(',')}}`;
}

/**
 * Validate the tensors and metadata and lay out the file: order, offsets and the padded header.
 * Throws SCAN_CONVERT_INVALID_INPUT (before anything is written) on a bad name, dtype, shape or
 * length, on repeated names, and on a header over `maxHeader` bytes (at most the reader's 100 MB).
 */
export function planHeader(
  tensors: readonly TensorInput[],
  metadata?: Readonly<Record<string, string>>,
  maxHeader: number = SAFETENSORS_MAX_HEADER,
): HeaderPlan {
  const cap = Math.min(maxHeader, SAFETENSORS_MAX_HEADER);
  const names = new Set<string>();
  for (const tensor of tensors) {
    checkTensor(tensor);
    if (names.has(tensor.name)) refuse(`tensor "${snippet(tensor.name, 80)}" is given twice`);
    names.add(tensor.name);
  }
  const ordered = [...tensors].sort(
    (a, b) => DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || compareUtf8(a.name, b.name),
  );
  const parts: string[] =
    metadata === undefined ? [] : [`"__metadata__":${metadataJson(metadata)}`];
  const planned: PlannedTensor[] = [];
  let offset = 0;
  let textLength = 0;
  for (const input of ordered) {
    const end = offset + input.byteLength;
    if (!Number.isSafeInteger(end)) refuse('the tensors add up to more bytes than can be indexed');
    const entry = `${JSON.stringify(input.name)}:{"dtype":"${input.dtype}","shape":[${input.shape.join(',')}],"data_offsets":[${offset},${end}]}`;
    textLength += entry.length;
    if (textLength > cap) refuse(`the header would pass the limit of ${cap} bytes`);
    parts.push(entry);
    planned.push({ input, begin: offset, end });
    offset = end;
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const padded = json.length + ((8 - (json.length % 8)) % 8);
  if (padded > cap) refuse(`the header would pass the limit of ${cap} bytes`);
  const prefix = Buffer.alloc(8 + padded, 0x20);
  prefix.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(prefix, 8);
  return { prefix, tensors: planned, dataBytes: offset };
}
