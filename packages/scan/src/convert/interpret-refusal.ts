import { snippet } from '@mlsec/core';
import type { PickleAnalysis } from '@mlsec/formats';
import { isAllowedCallee, isAllowedGlobal } from './interpret-allowlist.ts';
import type { Refusal, RefusalCode } from './interpret-types.ts';

/** Thrown inside the walk only; interpretStateDict turns it into `{ ok: false, refusal }`. */
export class RefusalError extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

export function refuse(
  code: RefusalCode,
  message: string,
  where: { global?: string | undefined; offset?: number | undefined } = {},
): never {
  const refusal: { -readonly [K in keyof Refusal]: Refusal[K] } = { code, message };
  if (where.global !== undefined) refusal.global = snippet(where.global);
  if (where.offset !== undefined) refusal.offset = where.offset;
  throw new RefusalError(refusal);
}

/** Which globals and callees a kind of pickle may use, and how refusals name the kind. */
export interface AnalysisAllowList {
  readonly isAllowedGlobal: (name: string) => boolean;
  readonly isAllowedCallee: (name: string) => boolean;
  /** Completes "global X at offset N is not one … may use", e.g. 'a checkpoint'. */
  readonly user: string;
  /** Completes "REDUCE at offset N calls X, which is not …", e.g. 'a tensor or container constructor'. */
  readonly callees: string;
}

/** The checkpoint allow-list (interpret-allowlist.ts). */
export const CHECKPOINT_ALLOWLIST: AnalysisAllowList = {
  isAllowedGlobal,
  isAllowedCallee,
  user: 'a checkpoint',
  callees: 'a tensor or container constructor',
};

/**
 * Check everything the pickle imports or calls, reachable from the root or not (a REDUCE whose result
 * is popped still runs under pickle.load): every global and callee must be on the allow-list (the
 * checkpoint one unless another is given), and no EXT opcode may appear. Returns the first refusal,
 * in stream order.
 */
export function checkAnalysis(
  analysis: PickleAnalysis,
  allow: AnalysisAllowList = CHECKPOINT_ALLOWLIST,
): Refusal | undefined {
  const ext = analysis.extensions[0];
  if (ext !== undefined) {
    return {
      code: 'not-allowed',
      message: `EXT opcode (extension code ${ext.code}) at offset ${ext.offset} loads an object from the copyreg registry`,
      offset: ext.offset,
    };
  }
  for (const g of analysis.globals) {
    const name = `${g.module}.${g.name}`;
    if (g.dynamic === true || !allow.isAllowedGlobal(name)) {
      return {
        code: 'not-allowed',
        message: `global ${snippet(name)} at offset ${g.offset} is not one ${allow.user} may use`,
        global: snippet(name),
        offset: g.offset,
      };
    }
  }
  for (const c of analysis.calls) {
    const name = c.callee === undefined ? undefined : `${c.callee.module}.${c.callee.name}`;
    if (name === undefined || !allow.isAllowedCallee(name)) {
      const what = name === undefined ? 'an unknown callable' : snippet(name);
      const refusal: { -readonly [K in keyof Refusal]: Refusal[K] } = {
        code: 'not-allowed',
        message: `${c.opcode} at offset ${c.offset} calls ${what}, which is not ${allow.callees}`,
        offset: c.offset,
      };
      if (name !== undefined) refusal.global = snippet(name);
      return refusal;
    }
  }
  return undefined;
}
