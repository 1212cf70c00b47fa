import { readAll, snippet } from '@mlsec/core';
import { analysePickle } from '@mlsec/formats';
import type { Detector, ScanContext } from '../../engine/context.ts';
import { reportAnalysis } from './report-analysis.ts';

/** Legacy torch.save streams: magic number, protocol, sys_info, the object, storage keys; then raw data. */
const LEGACY_TORCH_PICKLES = 5;

/** Analyse a whole pickle stream and report it; too large a stream is itself a finding (fail closed). */
export async function scanPickleStream(ctx: ScanContext, legacyTorch: boolean): Promise<void> {
  if (ctx.source.size > ctx.limits.maxBytes) {
    ctx.report({
      ruleId: 'pickle/too-large',
      message: `The pickle is ${ctx.source.size} bytes, over the ${ctx.limits.maxBytes}-byte limit, and was not analysed.`,
      evidence: { bytes: ctx.source.size, limit: ctx.limits.maxBytes },
    });
    return;
  }
  const bytes = await readAll(ctx.source);
  const result = analysePickle(bytes, {
    limits: ctx.limits,
    ...(legacyTorch ? { maxPickles: LEGACY_TORCH_PICKLES } : {}),
  });
  const analysis = result.ok ? result.value : result.partial;
  if (!analysis) {
    const first = result.issues[0];
    ctx.report({
      ruleId: 'pickle/unparseable',
      message: `The pickle could not be decoded (${snippet(first?.code ?? 'UNKNOWN', 40)}).`,
      evidence: { code: snippet(first?.code ?? 'UNKNOWN', 40) },
    });
    return;
  }
  reportAnalysis(ctx, analysis, result.issues, { legacyTorch });
}

/**
 * Pickle streams identified by content (protocol 2+ starts with PROTO), including pickles inside PyTorch
 * zips, joblib files (array data inside the stream is skipped), NumPy object arrays and legacy torch.save
 * files. Nothing is ever unpickled.
 */
export const pickleDetector: Detector = {
  id: 'pickle',
  formats: ['pickle', 'torch-legacy'],
  run: (ctx) => scanPickleStream(ctx, ctx.format === 'torch-legacy'),
};
