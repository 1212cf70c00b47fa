import { readAll } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { analysePickle } from '@mlsec/formats';
import type { PickleAnalysis } from '@mlsec/formats';
import type { Detector } from '../../engine/context.ts';
import { reportAnalysis } from './report-analysis.ts';

/** Protocol 0 and 1 pickles have no PROTO header: these are the opcodes they can start with. */
const PROTOCOL_0_STARTS = new Set(
  '(.0123456789]}NIFLSVcdilptKMJXUTGBhjq)'.split('').map((c) => c.charCodeAt(0)),
);
/** Larger text files are not probed: protocol 0 pickles that big are not plausible model files. */
const PROBE_MAX_BYTES = 64 * 1024 * 1024;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * A text-looking file is taken for a protocol 0/1 pickle only when decoding it makes pickle sense and it
 * imports something: a pickle of plain data is harmless, and short text often decodes as one by chance
 * ("0.5" is POP, then STOP; a .gitignore opening with "dist" is DICT without MARK, then INST).
 */
function isPlausiblePickle(analysis: PickleAnalysis, issues: readonly FormatIssue[]): boolean {
  if (analysis.pickles.length === 0) return false;
  if (analysis.globals.length === 0 && analysis.extensions.length === 0) return false;
  if (!analysis.globals.every((g) => IDENTIFIER.test(g.module) && IDENTIFIER.test(g.name)))
    return false;
  // The analyser reads on past problems; CPython stops at the first one. So a text file counts as a
  // pickle when it decodes without any problem, or when a call comes before the first problem (CPython
  // runs REDUCE as it goes, so a call decoded before garbage still executes).
  const firstIssue = Math.min(...issues.map((issue) => issue.offset ?? 0));
  const completed = analysis.stoppedBy !== 'error' && issues.length === 0;
  const called = analysis.calls.some(
    (call) => call.callee !== undefined && call.opcode !== 'BUILD' && call.offset < firstIssue,
  );
  return completed || called;
}

/**
 * Protocol 0/1 pickles look like text and have no magic number, so files identified as text or unknown
 * are decoded on trial; if they make sense as a pickle they are reported like any other.
 */
export const pickleProbeDetector: Detector = {
  id: 'pickle-probe',
  formats: ['text', 'unknown'],
  async run(ctx) {
    if (ctx.source.size > PROBE_MAX_BYTES || ctx.source.size < 2) return;
    const head = await ctx.source.read(0, 1);
    if (!PROTOCOL_0_STARTS.has(head[0] ?? 0)) return;
    const bytes = await readAll(ctx.source);
    const result = analysePickle(bytes, { limits: ctx.limits });
    const analysis = result.ok ? result.value : result.partial;
    if (!analysis || !isPlausiblePickle(analysis, result.issues)) return;
    reportAnalysis(ctx, analysis, result.issues, { legacyTorch: false });
  },
};
