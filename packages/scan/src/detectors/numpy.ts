import { sliceSource, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { parseNpy } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { reportIssues } from './report-issues.ts';

/** Member name under which the pickle of an object array is scanned. */
export const OBJECT_ARRAY_MEMBER = '<object array pickle>';

function ruleOf(found: FormatIssue): string {
  if (found.fatal) return 'numpy/unparseable';
  return found.code === 'NUMPY_TRAILING_DATA' ? 'numpy/trailing-data' : 'numpy/malformed';
}

/**
 * NumPy .npy files. The header is read by a strict literal parser (never evaluated). An object dtype
 * means the data is a pickle: it is reported (np.load needs allow_pickle=True) and handed to the
 * engine as nested content, where the pickle scanner analyses it. Bytes after plain array data are
 * reported and scanned as nested content too. Issue messages come from the parser, whose
 * file-derived strings already went through snippet().
 */
export const numpyDetector: Detector = {
  id: 'numpy',
  formats: ['numpy'],
  async run(ctx: ScanContext) {
    const result = await parseNpy(ctx.source, ctx.limits);
    reportIssues(ctx, result.issues, 'NumPy', ruleOf);
    if (!result.ok) return;
    const header = result.value;
    if (header.hasObjects) {
      ctx.report({
        ruleId: 'numpy/object-array',
        message: `The array has dtype ${snippet(header.descrText, 80)} holding Python objects: its data is a pickle and np.load needs allow_pickle=True.`,
        evidence: { descr: snippet(header.descrText, 80) },
        offset: header.dataOffset,
      });
      await ctx.scanNested(
        OBJECT_ARRAY_MEMBER,
        sliceSource(ctx.source, header.dataOffset, header.dataLength),
      );
      return;
    }
    const end = header.dataOffset + (header.expectedDataLength ?? header.dataLength);
    if (end < ctx.source.size) {
      await ctx.scanNested(
        `<trailing data at ${end}>`,
        sliceSource(ctx.source, end, ctx.source.size - end),
      );
    }
  },
};
