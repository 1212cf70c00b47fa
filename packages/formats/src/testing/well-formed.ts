import assert from 'node:assert/strict';
import type { ParseResult } from '@mlsec/core';

/** Stable issue codes are SCREAMING_SNAKE (style.md: codes are the contract). */
const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Assert that `result` is a ParseResult a caller can rely on: issues with stable codes and messages, a
 * value when ok, and at least one issue (a fatal one unless `fatalOnFailure` is false) when not ok.
 */
export function assertWellFormed(
  result: ParseResult<unknown>,
  where: string,
  fatalOnFailure = true,
): void {
  assert.equal(typeof result.ok, 'boolean', `${where}: ok is a boolean`);
  const issues: unknown = result.issues; // checked as data: the parser may have built it wrong
  assert.ok(Array.isArray(issues), `${where}: issues is an array`);
  for (const found of result.issues) {
    assert.match(found.code, CODE, `${where}: issue code ${JSON.stringify(found.code)}`);
    assert.equal(typeof found.message, 'string', `${where}: issue ${found.code} has a message`);
  }
  if (result.ok) {
    assert.ok('value' in result, `${where}: an ok result has a value`);
    return;
  }
  assert.ok(result.issues.length > 0, `${where}: a failed result carries issues`);
  if (fatalOnFailure) {
    assert.ok(
      result.issues.some((i) => i.fatal === true),
      `${where}: a failed result has a fatal issue (${result.issues.map((i) => i.code).join(', ')})`,
    );
  }
}
