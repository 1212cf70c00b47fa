import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { GGML_TYPES, GGUF_MAX_DIMS } from './constants.ts';
import { GgufError } from './read-metadata.ts';
import type { GgufValueReader } from './read-metadata.ts';
import type { SourceCursor } from './source-cursor.ts';
import type { GgufTensorInfo } from './types.ts';

/** More dimensions than this cannot be a tensor; reading on would only waste time. */
const MAX_DIMS_READ = 64;

/**
 * Read one tensor info record (gguf.md, `gguf_tensor_info_t`): name, n_dims (u32), dims (u64; u32 in
 * v1), ggml type (u32), offset (u64). Problems that leave the record readable become issues; the size
 * is computed from the type's block geometry when the type is known and the first dimension is a
 * whole number of blocks (ggml requires it).
 */
export async function readTensorInfo(
  cursor: SourceCursor,
  values: GgufValueReader,
  version: number,
  issues: FormatIssue[],
): Promise<GgufTensorInfo> {
  const at = cursor.pos;
  const name = await values.string('a tensor name');
  const label = `tensor "${snippet(name, 80)}"`;
  await cursor.need(4);
  const nDims = cursor.u32();
  if (nDims > MAX_DIMS_READ)
    throw new GgufError('GGUF_INVALID_TENSOR_INFO', `${label} claims ${nDims} dimensions`, at);
  if (nDims > GGUF_MAX_DIMS) {
    issues.push(
      issue(
        'GGUF_INVALID_TENSOR_INFO',
        `${label} has ${nDims} dimensions, more than ggml's ${GGUF_MAX_DIMS}`,
        at,
      ),
    );
  }
  const dims: number[] = [];
  let dimsOk = true;
  for (let i = 0; i < nDims; i++) {
    await cursor.need(version >= 2 ? 8 : 4);
    const dim = version >= 2 ? cursor.u64() : BigInt(cursor.u32());
    // ggml stores dimensions as int64: values past 2^63 are negative, past 2^53 absurd.
    if (dim > BigInt(Number.MAX_SAFE_INTEGER)) dimsOk = false;
    dims.push(Number(dim));
  }
  if (!dimsOk)
    issues.push(issue('GGUF_INVALID_TENSOR_INFO', `${label} has an impossible dimension`, at));
  await cursor.need(12);
  const type = cursor.u32();
  const offsetBig = cursor.u64();
  const offset =
    offsetBig > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(offsetBig);
  const ggml = GGML_TYPES.get(type);
  if (!ggml) {
    issues.push(issue('GGUF_UNKNOWN_TENSOR_TYPE', `${label} has unknown ggml type ${type}`, at));
    return { name, dims, type, offset };
  }
  let size: number | undefined;
  if (dimsOk) {
    const first = BigInt(dims[0] ?? 1);
    if (first % BigInt(ggml.block) !== 0n) {
      issues.push(
        issue(
          'GGUF_INVALID_TENSOR_INFO',
          `${label}: ${first} elements per row is not a multiple of the ${ggml.name} block size ${ggml.block}`,
          at,
        ),
      );
    } else {
      const elements = dims.reduce((n, d) => n * BigInt(d), 1n);
      const bytes = (elements / BigInt(ggml.block)) * BigInt(ggml.bytes);
      if (bytes <= BigInt(Number.MAX_SAFE_INTEGER)) size = Number(bytes);
      else issues.push(issue('GGUF_INVALID_TENSOR_INFO', `${label} would need ${bytes} bytes`, at));
    }
  }
  return { name, dims, type, typeName: ggml.name, offset, ...(size === undefined ? {} : { size }) };
}

/**
 * Check tensor placement (gguf.md: offsets are relative to the aligned data section and must be
 * multiples of the alignment): aligned, inside the file, not overlapping, names unique.
 */
export function checkTensorLayout(
  tensors: readonly GgufTensorInfo[],
  alignment: number,
  dataStart: number,
  fileSize: number,
  issues: FormatIssue[],
): void {
  const names = new Set<string>();
  for (const t of tensors) {
    const label = `tensor "${snippet(t.name, 80)}"`;
    if (names.has(t.name)) issues.push(issue('GGUF_DUPLICATE_TENSOR', `${label} is defined twice`));
    names.add(t.name);
    if (t.offset % alignment !== 0) {
      issues.push(
        issue(
          'GGUF_MISALIGNED_TENSOR',
          `${label} at offset ${t.offset} is not aligned to ${alignment} bytes`,
        ),
      );
    }
    if (dataStart + t.offset + (t.size ?? 0) > fileSize) {
      issues.push(
        issue(
          'GGUF_TENSOR_OUT_OF_RANGE',
          `${label} extends past the end of the ${fileSize}-byte file`,
          dataStart,
        ),
      );
    }
  }
  const placed = tensors.filter((t) => t.size).sort((a, b) => a.offset - b.offset);
  let reach: GgufTensorInfo | undefined;
  for (const t of placed) {
    const end = (x: GgufTensorInfo): number => x.offset + (x.size ?? 0);
    if (reach && t.offset < end(reach)) {
      issues.push(
        issue(
          'GGUF_TENSOR_OVERLAP',
          `tensor "${snippet(t.name, 80)}" overlaps tensor "${snippet(reach.name, 80)}"`,
          dataStart + t.offset,
        ),
      );
    }
    if (!reach || end(t) > end(reach)) reach = t;
  }
}
