import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { JsonObject, JsonValue } from '../json/index.ts';
import { SAFETENSORS_DTYPE_BITS, tensorByteSize } from './dtypes.ts';
import type { SafetensorsTensor } from './types.ts';

const TENSOR_KEYS = new Set(['dtype', 'shape', 'data_offsets']);

function isRecord(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: JsonValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isIndexList(value: JsonValue | undefined): value is readonly number[] {
  return Array.isArray(value) && (value as readonly JsonValue[]).every(isIndex);
}

/** Validate `__metadata__`: the format allows only a flat string → string map. */
export function validateMetadata(
  value: JsonValue | undefined,
  issues: FormatIssue[],
): Record<string, string> | undefined {
  if (!isRecord(value)) {
    issues.push(issue('SAFETENSORS_INVALID_METADATA', '__metadata__ is not an object of strings'));
    return undefined;
  }
  const out = Object.create(null) as Record<string, string>;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
    else {
      issues.push(
        issue(
          'SAFETENSORS_INVALID_METADATA',
          `__metadata__ value "${snippet(key, 80)}" is not a string`,
        ),
      );
    }
  }
  return out;
}

/**
 * Validate one tensor entry against the format (huggingface/safetensors, `Metadata::validate`): known
 * dtype, shape of non-negative integers, `data_offsets` [begin, end] with end - begin equal to the
 * tensor's size. Returns the entry when its offsets are usable for the coverage check, even if other
 * fields are wrong, so overlaps and gaps are still found.
 */
export function validateTensor(
  name: string,
  value: JsonValue | undefined,
  issues: FormatIssue[],
): SafetensorsTensor | undefined {
  const label = `tensor "${snippet(name, 80)}"`;
  if (!isRecord(value)) {
    issues.push(issue('SAFETENSORS_INVALID_TENSOR', `${label} is not an object`));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!TENSOR_KEYS.has(key)) {
      issues.push(
        issue('SAFETENSORS_UNKNOWN_FIELD', `${label} has an unknown field "${snippet(key, 40)}"`),
      );
    }
  }
  const { dtype, shape, data_offsets: offsets } = value;
  let dtypeOk = false;
  if (typeof dtype === 'string' && SAFETENSORS_DTYPE_BITS.has(dtype)) dtypeOk = true;
  else {
    const shown = typeof dtype === 'string' ? `"${snippet(dtype, 20)}"` : 'missing or not a string';
    issues.push(issue('SAFETENSORS_UNKNOWN_DTYPE', `${label} has an unknown dtype (${shown})`));
  }
  const shapeList = isIndexList(shape) ? shape : undefined;
  if (!shapeList) {
    issues.push(
      issue(
        'SAFETENSORS_INVALID_SHAPE',
        `${label} has a shape that is not a list of non-negative integers`,
      ),
    );
  }
  if (!isIndexList(offsets) || offsets.length !== 2) {
    issues.push(
      issue(
        'SAFETENSORS_INVALID_OFFSETS',
        `${label} has data_offsets that are not two non-negative integers`,
      ),
    );
    return undefined;
  }
  const [begin = 0, end = 0] = offsets;
  if (end < begin) {
    issues.push(
      issue('SAFETENSORS_INVALID_OFFSETS', `${label} ends (${end}) before it begins (${begin})`),
    );
    return undefined;
  }
  if (typeof dtype === 'string' && dtypeOk && shapeList) {
    const expected = tensorByteSize(dtype, shapeList);
    if (expected === undefined) {
      issues.push(issue('SAFETENSORS_SIZE_MISMATCH', `${label} does not end on a byte boundary`));
    } else if (expected !== BigInt(end - begin)) {
      issues.push(
        issue(
          'SAFETENSORS_SIZE_MISMATCH',
          `${label} spans ${end - begin} bytes but its dtype and shape need ${expected}`,
        ),
      );
    }
  }
  return {
    name,
    dtype: typeof dtype === 'string' ? dtype : '',
    shape: shapeList ?? [],
    begin,
    end,
  };
}
