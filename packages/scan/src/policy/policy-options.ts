import { CATEGORY_ID, USER_CATEGORY } from './categories.ts';
import { parsePattern } from './pattern.ts';
import type { GlobalPattern, PatternSyntax } from './pattern.ts';

/** A deny entry as callers and policy files give it. */
export interface DenyRuleInput {
  /** `module.name` or `module.*` (pattern.ts). */
  readonly pattern: string;
  /** Category id: a built-in one (categories.ts) or a custom kebab-case id; default `user-policy`. */
  readonly category?: string;
  /** Why it is denied, one phrase; default "denied by the policy file". */
  readonly reason?: string;
}

/** Additions to the default policy. Defaults are always kept: a user list can only add. */
export interface PolicyOptions {
  /** More allowed globals: `module.name`, `module.*` or `module.*:class`. */
  readonly allow?: readonly string[];
  /** More denied globals; a denied global is dangerous even if an allow pattern also matches it. */
  readonly deny?: readonly DenyRuleInput[];
  /** More modules a Keras config may name: `module` or `module.*`. */
  readonly configModules?: readonly string[];
}

/** A validated deny entry. */
export interface DenyRule {
  readonly pattern: GlobalPattern;
  readonly category: string;
  readonly reason: string;
}

/** Validated, normalised options. */
export interface ParsedOptions {
  readonly allow: readonly GlobalPattern[];
  readonly deny: readonly DenyRule[];
  readonly configModules: readonly GlobalPattern[];
}

export const ALLOW_SYNTAX: PatternSyntax = { classes: true, minExactSegments: 2 };
export const DENY_SYNTAX: PatternSyntax = { classes: false, minExactSegments: 2 };
export const CONFIG_SYNTAX: PatternSyntax = { classes: false, minExactSegments: 1 };

/** Longest reason accepted: reasons end up in finding messages. */
export const MAX_REASON_LENGTH = 200;
const MAX_CATEGORY_LENGTH = 40;
const DEFAULT_REASON = 'denied by the policy file';

type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function patterns(
  list: readonly string[],
  syntax: PatternSyntax,
  where: string,
): Parsed<GlobalPattern[]> {
  const out: GlobalPattern[] = [];
  for (const [i, text] of list.entries()) {
    const parsed = parsePattern(text, syntax);
    if (!parsed.ok) return { ok: false, error: `${where}[${i}]: the pattern ${parsed.error}` };
    out.push(parsed.pattern);
  }
  return { ok: true, value: out };
}

function denyRule(input: DenyRuleInput, where: string): Parsed<DenyRule> {
  const parsed = parsePattern(input.pattern, DENY_SYNTAX);
  if (!parsed.ok) return { ok: false, error: `${where}.pattern: the pattern ${parsed.error}` };
  const category = input.category ?? USER_CATEGORY;
  if (category.length > MAX_CATEGORY_LENGTH || !CATEGORY_ID.test(category)) {
    return {
      ok: false,
      error: `${where}.category: must be a kebab-case id of at most 40 characters`,
    };
  }
  const reason = input.reason ?? DEFAULT_REASON;
  // Control characters and line breaks would let a policy file forge lines in reports.
  if (reason.length === 0 || reason.length > MAX_REASON_LENGTH || /\p{Cc}/u.test(reason)) {
    return {
      ok: false,
      error: `${where}.reason: must be 1 to ${MAX_REASON_LENGTH} characters without control characters`,
    };
  }
  return { ok: true, value: { pattern: parsed.pattern, category, reason } };
}

/** Validate and normalise options; never throws. Errors name the offending entry (`deny[2].pattern`). */
export function parseOptions(options: PolicyOptions): Parsed<ParsedOptions> {
  const allow = patterns(options.allow ?? [], ALLOW_SYNTAX, 'allow');
  if (!allow.ok) return allow;
  const configModules = patterns(options.configModules ?? [], CONFIG_SYNTAX, 'configModules');
  if (!configModules.ok) return configModules;
  const deny: DenyRule[] = [];
  for (const [i, input] of (options.deny ?? []).entries()) {
    const rule = denyRule(input, `deny[${i}]`);
    if (!rule.ok) return rule;
    deny.push(rule.value);
  }
  return { ok: true, value: { allow: allow.value, deny, configModules: configModules.value } };
}
