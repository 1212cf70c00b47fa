import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { SafetensorsTensor } from './types.ts';

/**
 * Check where the tensors sit in the byte buffer. The format requires the buffer to be fully indexed:
 * sorted by offset, the tensors start at 0, follow one another without overlap or gap, and the last one
 * ends at the end of the file (reference implementation: `Metadata::validate` and the
 * MetadataIncompleteBuffer check). Unindexed bytes can hide a payload; overlaps and out-of-range offsets
 * make loaders disagree or read past the file. Returns the sorted tensors and the file offset where the
 * indexed data ends.
 */
export function checkLayout(
  tensors: readonly SafetensorsTensor[],
  dataStart: number,
  fileSize: number,
  issues: FormatIssue[],
): { sorted: SafetensorsTensor[]; dataEnd: number } {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: SafetensorsTensor | undefined;
  for (const tensor of sorted) {
    const label = `tensor "${snippet(tensor.name, 80)}"`;
    if (dataStart + tensor.end > fileSize) {
      issues.push(
        issue(
          'SAFETENSORS_OUT_OF_RANGE',
          `${label} ends at byte ${dataStart + tensor.end}, past the end of the ${fileSize}-byte file`,
          dataStart + tensor.begin,
        ),
      );
    }
    if (tensor.begin < covered && previous) {
      issues.push(
        issue(
          'SAFETENSORS_OVERLAP',
          `${label} overlaps tensor "${snippet(previous.name, 80)}"`,
          dataStart + tensor.begin,
        ),
      );
    } else if (tensor.begin > covered) {
      issues.push(
        issue(
          'SAFETENSORS_GAP',
          `${tensor.begin - covered} bytes before ${label} are not indexed by any tensor`,
          dataStart + covered,
        ),
      );
    }
    if (tensor.end > covered) {
      covered = tensor.end;
      previous = tensor;
    }
  }
  const dataEnd = dataStart + covered;
  if (dataEnd < fileSize) {
    issues.push(
      issue(
        'SAFETENSORS_TRAILING_DATA',
        `${fileSize - dataEnd} bytes after the last tensor are not indexed by any tensor`,
        dataEnd,
      ),
    );
  }
  return { sorted, dataEnd };
}
