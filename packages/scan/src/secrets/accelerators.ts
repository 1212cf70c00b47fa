/**
 * Hand-proven shortcuts for the few shipped patterns that dominate scan time on re2js. Each is keyed by
 * the exact pattern text, so a user rule that changes the regex (even under the same id) gets none. Each
 * condition is necessary for a match, never sufficient: results are the same with or without it (the
 * differential tests in keyword-window.test.ts and accelerators.test.ts check that).
 */
export interface Accelerator {
  /** The literals windowPlan() must find for `confirm` to apply (it tests at their occurrences). */
  readonly literals?: readonly string[];
  /**
   * V8 regex over the folded (lower-cased) text that opens with the literals and matches at every
   * literal occurrence a match can use; occurrences where it does not match are not searched.
   */
  readonly confirm?: RegExp;
  /** A test the text must pass, or the pattern cannot match anywhere in it. */
  readonly requires?: (text: string) => boolean;
}

/** gitleaks' generic-api-key (data/gitleaks/gitleaks.toml). */
const GENERIC_API_KEY = String.raw`(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)`;

/** Our url-embedded-credentials (data/ml-secrets.toml). */
const URL_EMBEDDED_CREDENTIALS = String.raw`(?i)\b(?:https?|s?ftp|git|ssh|postgres(?:ql)?|mysql|mssql|mariadb|oracle|mongodb(?:\+srv)?|rediss?|amqps?|s3|databricks)(?:\+[a-z0-9]{1,20})?://[^:@/\s'"\x60<>{}$]{1,64}:([^@/\s'"\x60<>{}$%*][^@/\s'"\x60<>]{2,127})@[A-Za-z0-9][\w.-]*`;

/** Our wandb-legacy-api-key (data/ml-secrets.toml). */
const WANDB_LEGACY_API_KEY = String.raw`(?i)(?:\bwandb[\w.-]{0,20}?(?:key|token|secret)[\w-]{0,10}['"\]]{0,3}[ \t]{0,3}(?:=|:=|:|=>|,)|\bwandb\.login\([^)]{0,60}?\bkey[ \t]*=|\bwandb[ \t]+login(?:[ \t]+--?[\w-]+(?:=\S+)?){0,3})[ \t]{0,3}['"\x60]?((?:[a-z0-9]{1,20}-)?[0-9a-f]{40})\b`;

/**
 * Whether `text` holds `length` hexadecimal digits in a row, either case (no other character folds
 * into [0-9a-f] under RE2's case folding). A plain loop: about twice as fast as the regex.
 */
export function hasHexRun(text: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
    if (!hex) run = 0;
    else if (++run >= length) return true;
  }
  return false;
}

export const ACCELERATORS: ReadonlyMap<string, Accelerator> = new Map<string, Accelerator>([
  [
    GENERIC_API_KEY,
    {
      // A match is at most 50 of [\w.-], then (at this occurrence) the pattern's remainder, tested here
      // in V8 on the folded text, where RE2's case-insensitive keyword and classes (Kelvin sign and long
      // s included) are plain lower-case ASCII and V8's \s holds RE2's. Each value branch can only be
      // followed by the terminator at the end of its maximal run (no terminator or '=' character is in
      // the run's class), so the run is taken whole with a lookahead and backreference (an atomic group
      // in JS) and never backtracked: a few thousand steps per occurrence at most.
      literals: ['access', 'auth', 'api', 'credential', 'creds', 'key', 'passw', 'secret', 'token'],
      confirm:
        /(?:access|auth|api|credential|creds|key|passw(?:or)?d|secret|token)[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}(?:(?=([\w.=-]{10,150}))\1|[a-z0-9](?=([a-z0-9+/]{11,}))\2={0,3})(?:[`'"\s;]|\\[nr]|$)/y,
    },
  ],
  [
    URL_EMBEDDED_CREDENTIALS,
    {
      // After '://' a match has a user, ':', a password and '@' then a host character. RE2's \s is
      // [\t\n\f\r ] (V8's is wider, which in a negated class would reject too much), so it is spelled
      // out; no class here holds a letter, so case folding does not change them.
      literals: ['://'],
      confirm:
        /:\/\/[^:@/\t\n\f\r '"`<>{}$]{1,64}:[^@/\t\n\f\r '"`<>{}$%*][^@/\t\n\f\r '"`<>]{2,127}@[a-z0-9]/y,
    },
  ],
  [
    WANDB_LEGACY_API_KEY,
    // Every match ends in 40 hex digits (case-insensitive: no other character folds into [0-9a-f]).
    { requires: (text) => hasHexRun(text, 40) },
  ],
]);
