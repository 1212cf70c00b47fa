import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '@mlsec/core';
import type { FormatIssue, Limits } from '@mlsec/core';
import { analysePickle } from '../analyse.ts';
import type { PickleAnalysis, PickleAnalysisOptions } from '../types.ts';

/** The analysis (value or partial) and issues of analysePickle, asserting there is one. */
export function analyse(
  bytes: Uint8Array,
  options: Partial<PickleAnalysisOptions> & { limits?: Limits } = {},
): { ok: boolean; a: PickleAnalysis; issues: readonly FormatIssue[]; codes: string[] } {
  const result = analysePickle(bytes, { limits: DEFAULT_LIMITS, ...options });
  const a = result.ok ? result.value : result.partial;
  assert.ok(a !== undefined, 'analysePickle returned no analysis');
  return { ok: result.ok, a, issues: result.issues, codes: result.issues.map((i) => i.code) };
}

/** `module.name` of every global, in order. */
export function globalNames(a: PickleAnalysis): string[] {
  return a.globals.map((g) => `${g.module}.${g.name}`);
}

/** `OPCODE callee` of every call, in order ('?' for an unknown callee). */
export function callSummary(a: PickleAnalysis): string[] {
  return a.calls.map(
    (c) => `${c.opcode} ${c.callee === undefined ? '?' : `${c.callee.module}.${c.callee.name}`}`,
  );
}
