import { snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { PickleAnalysis, PickleCall, PickleGlobal } from '@mlsec/formats';
import type { ScanContext } from '../../engine/context.ts';

/** How the analysis was made: legacy torch.save files legitimately hold several pickles and raw bytes. */
export interface AnalysisFlavour {
  readonly legacyTorch: boolean;
}

/** Shorten text that is already escaped (the analyser's call renderings); escaping it again would double it. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function qualified(module: string, name: string): string {
  return `${module}.${name}`;
}

/** The first call site that calls (or targets) the given global, if any. */
function callOf(analysis: PickleAnalysis, g: PickleGlobal): PickleCall | undefined {
  const matches = (ref: { module: string; name: string } | undefined): boolean =>
    ref !== undefined && ref.module === g.module && ref.name === g.name;
  return (
    analysis.calls.find((call) => call.opcode !== 'BUILD' && matches(call.callee)) ??
    analysis.calls.find((call) => call.calleeGlobals.some(matches))
  );
}

/**
 * Turn a pickle analysis into findings: every imported global judged by the policy (denied: critical
 * when called, high when only imported; neither allowed nor denied: medium, for review), EXT opcodes,
 * several pickles in one stream, trailing bytes, and what made the parse stop (fail closed).
 */
export function reportAnalysis(
  ctx: ScanContext,
  analysis: PickleAnalysis,
  issues: readonly FormatIssue[],
  flavour: AnalysisFlavour,
): void {
  const seen = new Set<string>();
  for (const g of analysis.globals) {
    const id = qualified(g.module, g.name);
    if (seen.has(id)) continue;
    seen.add(id);
    const shown = snippet(id, 120);
    const how = g.operandsFromMemo
      ? ' (module/name fetched from the memo)'
      : g.via === 'INST'
        ? ' (via INST)'
        : '';
    if (g.dynamic) {
      ctx.report({
        ruleId: 'pickle/unknown-global',
        severity: 'high',
        message: `The pickle imports a global whose name is computed while loading (${shown}); it cannot be judged statically.`,
        evidence: { global: shown, via: g.via, dynamic: true },
        offset: g.offset,
        key: [id],
      });
      continue;
    }
    const verdict = ctx.policy.classifyGlobal(g.module, g.name);
    if (verdict.kind === 'allowed') continue;
    const call = callOf(analysis, g);
    const evidence = {
      global: shown,
      via: g.via,
      ...(g.operandsFromMemo ? { fromMemo: true } : {}),
      ...(call ? { opcode: call.opcode, call: clip(call.rendered, 160) } : {}),
    };
    if (verdict.kind === 'dangerous') {
      const called = call !== undefined;
      ctx.report({
        ruleId: called ? 'pickle/dangerous-callable' : 'pickle/dangerous-import',
        message: called
          ? `Loading this pickle calls ${shown}${how}: ${snippet(verdict.reason, 80)} — ${clip(call.rendered, 100)}.`
          : `The pickle imports ${shown}${how} (${snippet(verdict.reason, 80)}); later opcodes can call it.`,
        evidence: { ...evidence, category: verdict.category },
        offset: call?.offset ?? g.offset,
        key: [id],
      });
    } else {
      ctx.report({
        ruleId: 'pickle/unknown-global',
        message: `The pickle imports ${shown}${how}, which is neither on the allowlist nor the denylist: review it.`,
        evidence,
        offset: g.offset,
        key: [id],
      });
    }
  }

  for (const ext of analysis.extensions.slice(0, 20)) {
    ctx.report({
      ruleId: 'pickle/extension-code',
      message: `The pickle loads object ${ext.code} from the copyreg extension registry, which cannot be checked statically.`,
      evidence: { code: ext.code },
      offset: ext.offset,
      key: [String(ext.code)],
    });
  }

  const embedded = analysis.pickles.filter((p) => p.embeddedAt !== undefined);
  for (const inner of embedded.slice(0, 10)) {
    ctx.report({
      ruleId: 'pickle/nested-pickle',
      message: `Loading this pickle unpickles a second pickle embedded as bytes (protocol ${inner.protocol}); its globals are reported too.`,
      evidence: { protocol: inner.protocol, opcodes: inner.opcodes },
      offset: inner.embeddedAt ?? 0,
      key: [String(inner.embeddedAt ?? 0)],
    });
  }

  const topLevel = analysis.pickles.filter((p) => p.nestedIn === undefined);
  if (!flavour.legacyTorch && topLevel.length > 1) {
    ctx.report({
      ruleId: 'pickle/multiple-pickles',
      message: `The stream holds ${topLevel.length} pickles one after another; loaders that read more than the first one run them all.`,
      evidence: { pickles: topLevel.length },
      offset: topLevel[1]?.start ?? 0,
    });
  }
  if (analysis.stoppedBy === 'trailing-data') {
    ctx.report({
      ruleId: 'pickle/trailing-data',
      message: `${ctx.source.size - analysis.end} bytes after the last pickle are not a pickle; payloads are hidden this way.`,
      evidence: { bytes: ctx.source.size - analysis.end },
      offset: analysis.end,
    });
  }
  const fatal = issues.filter((i) => i.fatal === true || analysis.stoppedBy === 'error');
  const stop = fatal[0] ?? issues.find((i) => i.code !== 'TRAILING_DATA');
  if (analysis.stoppedBy === 'error' && stop) {
    ctx.report({
      ruleId: 'pickle/unparseable',
      message: `The pickle could not be fully decoded (${stop.code}: ${snippet(stop.message, 120)}); everything before the error was checked.`,
      evidence: { code: stop.code },
      ...(stop.offset !== undefined ? { offset: stop.offset } : {}),
    });
  }
}
