import type { GoRegex } from './go-regex.ts';

/** Where an allowlist regex looks: the secret (default), the whole match, or the whole line(s). */
export type RegexTarget = 'secret' | 'match' | 'line';

/** A gitleaks allowlist: a finding is dropped when it matches (any criterion with OR, all with AND). */
export interface SecretAllowlist {
  readonly description?: string;
  readonly condition: 'OR' | 'AND';
  readonly regexTarget: RegexTarget;
  readonly regexes: readonly GoRegex[];
  readonly paths: readonly GoRegex[];
  /** Lower-cased; one found anywhere in the lower-cased secret allows it. */
  readonly stopwords: readonly string[];
  readonly commits: readonly string[];
}

/** A compiled gitleaks rule. A rule with `path` and no `regex` reports the file itself. */
export interface SecretRule {
  readonly id: string;
  readonly description: string;
  readonly regex?: GoRegex;
  /** 0: the first non-empty group, or the whole match when there is none (as gitleaks does). */
  readonly secretGroup: number;
  /** A finding is kept only when the secret's Shannon entropy is above this (when set). */
  readonly entropy?: number;
  /** Lower-cased; the rule runs only on text that contains one of them (when any). */
  readonly keywords: readonly string[];
  readonly path?: GoRegex;
  readonly tags: readonly string[];
  readonly allowlists: readonly SecretAllowlist[];
}

/** A loaded rule set: rules in file order plus global allowlists (checked before rule allowlists). */
export interface SecretsConfig {
  readonly title?: string;
  readonly rules: readonly SecretRule[];
  readonly allowlists: readonly SecretAllowlist[];
  /** Things understood but not applied (e.g. [[rules.required]] composite rules), for the report. */
  readonly warnings: readonly string[];
}
