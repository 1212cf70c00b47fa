import { sliceSource } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { parseSafetensors } from '@mlsec/formats';
import type { SafetensorsHeader } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { reportIssues } from './report-issues.ts';

/** Which rule each parser issue code belongs to (codes not listed are structure problems). */
const RULE_OF: Readonly<Record<string, string>> = {
  SAFETENSORS_HEADER_OUT_OF_RANGE: 'safetensors/invalid-header',
  SAFETENSORS_HEADER_TOO_LARGE: 'safetensors/invalid-header',
  SAFETENSORS_DUPLICATE_KEY: 'safetensors/invalid-header',
  SAFETENSORS_FORBIDDEN_KEY: 'safetensors/invalid-header',
  SAFETENSORS_OVERLAP: 'safetensors/overlapping-tensors',
  SAFETENSORS_GAP: 'safetensors/overlapping-tensors',
  SAFETENSORS_OUT_OF_RANGE: 'safetensors/out-of-range',
  SAFETENSORS_TRAILING_DATA: 'safetensors/trailing-data',
};

/** Unindexed regions scanned as nested content at most (a crafted header can make thousands). */
const MAX_NESTED_REGIONS = 8;

function ruleFor(found: FormatIssue): string {
  return (
    RULE_OF[found.code] ??
    (found.fatal ? 'safetensors/unparseable' : 'safetensors/invalid-tensor-info')
  );
}

/** Byte ranges of the buffer that no tensor indexes: gaps between tensors and data after the last. */
function unindexed(header: SafetensorsHeader): { offset: number; length: number }[] {
  const regions: { offset: number; length: number }[] = [];
  let covered = 0;
  for (const t of header.tensors) {
    if (t.begin > covered)
      regions.push({ offset: header.dataStart + covered, length: t.begin - covered });
    covered = Math.max(covered, t.end);
  }
  const end = header.dataStart + covered;
  if (end < header.fileSize) regions.push({ offset: end, length: header.fileSize - end });
  return regions;
}

/**
 * SafeTensors files: the header is validated (parseSafetensors) and every issue becomes a finding —
 * header-length and bounds abuse high, structure problems medium. Bytes that no tensor indexes are
 * handed back to the engine as nested content, so a pickle or archive hidden there is scanned too.
 * Issue messages are built by the parser with every file-derived string already passed through
 * snippet().
 */
export const safetensorsDetector: Detector = {
  id: 'safetensors',
  formats: ['safetensors'],
  async run(ctx: ScanContext) {
    const result = await parseSafetensors(ctx.source, ctx.limits);
    reportIssues(ctx, result.issues, 'SafeTensors', ruleFor);
    if (!result.ok) return;
    for (const region of unindexed(result.value).slice(0, MAX_NESTED_REGIONS)) {
      await ctx.scanNested(
        `<unindexed bytes at ${region.offset}>`,
        sliceSource(ctx.source, region.offset, region.length),
      );
    }
  },
};
