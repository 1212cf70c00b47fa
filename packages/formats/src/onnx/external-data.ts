import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { OnnxEntry, OnnxExternalTensor } from './types.ts';

/** Non-negative decimal integers, as onnx's external data helper parses `offset` and `length`. */
const INTEGER = /^\d{1,16}$/;

/**
 * Interpret a tensor's `external_data` entries (onnx/external_data_helper.py, docs/ExternalData.md):
 * `location` (a path relative to the model's folder), `offset` and `length` (bytes, decimal),
 * `checksum` (SHA-1). Later duplicates win, as in onnx's loader; all entries are kept so a scanner can
 * check every location written. Malformed values are reported.
 */
export function externalTensor(
  name: string,
  graph: string,
  external: boolean,
  entries: readonly OnnxEntry[],
  offset: number,
  issues: FormatIssue[],
): OnnxExternalTensor {
  const label = `tensor "${snippet(name, 80)}"`;
  const last = new Map(entries.map((e) => [e.key, e.value]));
  const location = last.get('location');
  const number = (key: string): number | undefined => {
    const value = last.get(key);
    if (value === undefined) return undefined;
    if (INTEGER.test(value)) return Number(value);
    issues.push(
      issue(
        'ONNX_INVALID_EXTERNAL_DATA',
        `${label} has a non-numeric ${key} "${snippet(value, 40)}"`,
        offset,
      ),
    );
    return undefined;
  };
  const dataOffset = number('offset');
  const dataLength = number('length');
  const checksum = last.get('checksum');
  if (location === undefined || location === '') {
    issues.push(
      issue(
        'ONNX_INVALID_EXTERNAL_DATA',
        `${label} is stored externally but names no location`,
        offset,
      ),
    );
  }
  if (!external) {
    issues.push(
      issue(
        'ONNX_INVALID_EXTERNAL_DATA',
        `${label} has external_data entries but data_location is not EXTERNAL`,
        offset,
      ),
    );
  }
  return {
    name,
    graph,
    external,
    entries,
    offset,
    ...(location === undefined ? {} : { location }),
    ...(dataOffset === undefined ? {} : { dataOffset }),
    ...(dataLength === undefined ? {} : { dataLength }),
    ...(checksum === undefined ? {} : { checksum }),
  };
}
