import type { FormatIssue } from '@mlsec/core';
import type { ScanContext } from '../engine/context.ts';

/**
 * Report every parser issue as a finding of the rule `ruleOf` picks: "<format>: <message>." at the
 * issue's offset, with its code as evidence. Issues with the same code and message fold into one
 * finding. Parsers build their messages with every file-derived string already passed through
 * snippet(), so the message is used as it is.
 */
export function reportIssues(
  ctx: ScanContext,
  issues: readonly FormatIssue[],
  format: string,
  ruleOf: (found: FormatIssue) => string,
): void {
  for (const found of issues) {
    ctx.report({
      ruleId: ruleOf(found),
      message: `${format}: ${found.message}.`,
      evidence: { code: found.code },
      key: [found.code, found.message],
      ...(found.offset === undefined ? {} : { offset: found.offset }),
    });
  }
}
