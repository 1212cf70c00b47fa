/**
 * Hand-proven shortcuts for the few shipped patterns that dominate scan time on re2js. Each is keyed by
 * the exact pattern text, so a user rule that changes the regex (even under the same id) gets none. Each
 * condition is necessary for a match, never sufficient: results are the same with or without it (the
 * differential tests in keyword-window.test.ts and accelerators.test.ts check that).
 */
export interface Accelerator {
  /** The literals windowPlan() must find for `confirm` to apply (it tests at their occurrences). */
  readonly literals?: readonly string[];
  /** Sticky V8 regex tested at each literal occurrence in the folded (lower-cased) text. */
  readonly confirm?: RegExp;
  /** V8 regex that must match somewhere in the text, or the pattern cannot match at all. */
  readonly requires?: RegExp;
}

/** gitleaks' generic-api-key (data/gitleaks/gitleaks.toml). */
const GENERIC_API_KEY = String.raw`(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)`;

/** Our wandb-legacy-api-key (data/ml-secrets.toml). */
const WANDB_LEGACY_API_KEY = String.raw`(?i)(?:\bwandb[\w.-]{0,20}?(?:key|token|secret)[\w-]{0,10}['"\]]{0,3}[ \t]{0,3}(?:=|:=|:|=>|,)|\bwandb\.login\([^)]{0,60}?\bkey[ \t]*=|\bwandb[ \t]+login(?:[ \t]+--?[\w-]+(?:=\S+)?){0,3})[ \t]{0,3}['"\x60]?((?:[a-z0-9]{1,20}-)?[0-9a-f]{40})\b`;

export const ACCELERATORS: ReadonlyMap<string, Accelerator> = new Map<string, Accelerator>([
  [
    GENERIC_API_KEY,
    {
      // A match holds one keyword, then at most 20 of [ \t\w.-] and 3 of [\s'"], then an operator,
      // every one of which starts with one of = > : | ? , . In the folded text RE2's case-insensitive
      // keyword and classes (Kelvin sign, long s included) are plain ASCII, and V8's \s holds RE2's.
      literals: ['access', 'auth', 'api', 'credential', 'creds', 'key', 'passw', 'secret', 'token'],
      confirm:
        /(?:access|auth|api|credential|creds|key|passw(?:or)?d|secret|token)[ \t\w.-]{0,20}[\s'"]{0,3}[=>:|?,]/y,
    },
  ],
  [
    WANDB_LEGACY_API_KEY,
    // Every match ends in 40 hex digits (case-insensitive: no other character folds into [0-9a-f]).
    { requires: /[0-9a-f]{40}/i },
  ],
]);
