import type { RegexMatch } from './go-regex.ts';
import { foldText } from './keyword-window.ts';
import { keywordIndex } from './keyword-index.ts';
import { fingerprintSecret, maskSecret, shannonEntropy } from './secret-text.ts';
import type { SecretAllowlist, SecretRule, SecretsConfig } from './types.ts';

/** A secret found in a text. It never holds the secret: only a masked form and a salted hash. */
export interface SecretFinding {
  readonly ruleId: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** 1-based lines; 1-based columns in UTF-16 code units; end is inclusive of the last character. */
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Where the secret itself starts (the match may start earlier, e.g. at its key name). */
  readonly secretLine: number;
  readonly secretColumn: number;
  /** The secret's span in the text (UTF-16 offsets, end exclusive); 0-0 for a path-only rule. */
  readonly secretStart: number;
  readonly secretEnd: number;
  /** First characters of the secret and '…' (empty secret: '…'). */
  readonly masked: string;
  /** HMAC-SHA-256 of the secret keyed by the salt, hex. */
  readonly fingerprint: string;
  /** Shannon entropy of the secret, when the rule has a threshold. */
  readonly entropy?: number;
  /** True for a path-only rule: the file itself is the finding. */
  readonly fileOnly?: true;
}

export interface DetectOptions {
  /** The text's path (relative, '/'-separated) for path rules and path allowlists. */
  readonly path?: string;
  /** The commit the text comes from, for commit allowlists. */
  readonly commit?: string;
  /** Key of the fingerprint HMAC: one per repository or baseline. */
  readonly salt: string;
  /** Drop findings on lines holding `gitleaks:allow` (default true, as gitleaks). */
  readonly inlineAllow?: boolean;
}

interface Candidate {
  readonly secret: string;
  readonly match: string;
  readonly line: string;
}

/** Run every rule over one text (a file, a notebook cell, a blob). */
export function detectSecrets(
  text: string,
  config: SecretsConfig,
  options: DetectOptions,
): SecretFinding[] {
  const path = options.path ?? '';
  const lines = new LineIndex(text);
  const lower = text.toLowerCase();
  // Offsets in the folded text are offsets in the text only when lower-casing kept every length.
  let folded: string | undefined | null = null;
  const foldedText = (): string | undefined =>
    folded === null
      ? (folded = lower.length === text.length ? foldText(lower) : undefined)
      : folded;
  const keywords = keywordIndex(config).present(lower);
  const hasKeyword = (keyword: string): boolean => keywords.has(keyword);
  const out: SecretFinding[] = [];
  for (const rule of config.rules) {
    if (rule.path && !rule.path.test(path)) continue;
    if (!rule.regex) {
      const candidate = { secret: '', match: path, line: '' };
      if (allowed(candidate, rule, config, path, options.commit)) continue;
      out.push({
        ruleId: rule.id,
        description: rule.description,
        tags: rule.tags,
        startLine: 1,
        startColumn: 1,
        endLine: 1,
        endColumn: 1,
        secretLine: 1,
        secretColumn: 1,
        secretStart: 0,
        secretEnd: 0,
        masked: maskSecret(''),
        fingerprint: fingerprintSecret('', options.salt),
        fileOnly: true,
      });
      continue;
    }
    if (rule.keywords.length > 0 && !rule.keywords.some(hasKeyword)) continue;
    for (const m of rule.regex.matchAll(text, foldedText())) {
      const [secretStart, secretEnd] = secretSpan(m, rule.secretGroup);
      const secret = text.slice(secretStart, secretEnd);
      let entropy: number | undefined;
      if (rule.entropy !== undefined) {
        entropy = shannonEntropy(secret);
        if (entropy <= rule.entropy) continue;
      }
      const lineText = lines.linesAround(m.start, m.end);
      if (options.inlineAllow !== false && lineText.includes('gitleaks:allow')) continue;
      const candidate = { secret, match: text.slice(m.start, m.end), line: lineText };
      if (allowed(candidate, rule, config, path, options.commit)) continue;
      const start = lines.position(m.start);
      const end = lines.position(Math.max(m.start, m.end - 1));
      const at = lines.position(secretStart);
      const finding: { -readonly [K in keyof SecretFinding]: SecretFinding[K] } = {
        ruleId: rule.id,
        description: rule.description,
        tags: rule.tags,
        startLine: start.line,
        startColumn: start.column,
        endLine: end.line,
        endColumn: end.column,
        secretLine: at.line,
        secretColumn: at.column,
        secretStart,
        secretEnd,
        masked: maskSecret(secret),
        fingerprint: fingerprintSecret(secret, options.salt),
      };
      if (entropy !== undefined) finding.entropy = Math.round(entropy * 1000) / 1000;
      out.push(finding);
    }
  }
  return out;
}

/** gitleaks' choice: the numbered group, else the first group that matched something, else all. */
function secretSpan(m: RegexMatch, secretGroup: number): readonly [number, number] {
  if (secretGroup > 0) return m.groups[secretGroup - 1] ?? [m.start, m.end];
  for (const group of m.groups) if (group && group[1] > group[0]) return group;
  return [m.start, m.end];
}

function allowed(
  candidate: Candidate,
  rule: SecretRule,
  config: SecretsConfig,
  path: string,
  commit: string | undefined,
): boolean {
  const check = (list: SecretAllowlist): boolean => allowlistMatches(list, candidate, path, commit);
  return config.allowlists.some(check) || rule.allowlists.some(check);
}

function allowlistMatches(
  list: SecretAllowlist,
  candidate: Candidate,
  path: string,
  commit: string | undefined,
): boolean {
  const target =
    list.regexTarget === 'match'
      ? candidate.match
      : list.regexTarget === 'line'
        ? candidate.line
        : candidate.secret;
  const lowerSecret = candidate.secret.toLowerCase();
  const checks: boolean[] = [];
  if (list.commits.length > 0) checks.push(commit !== undefined && list.commits.includes(commit));
  if (list.paths.length > 0) checks.push(list.paths.some((re) => re.test(path)));
  if (list.regexes.length > 0) checks.push(list.regexes.some((re) => re.test(target)));
  if (list.stopwords.length > 0) checks.push(list.stopwords.some((w) => lowerSecret.includes(w)));
  return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

/** Offsets to 1-based line and column, and the full lines a span touches. */
class LineIndex {
  private readonly text: string;
  private starts: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) {
        this.starts.push(i + 1);
      }
    }
    return this.starts;
  }

  private lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts()[line]! + 1 };
  }

  linesAround(start: number, end: number): string {
    const from = this.lineStarts()[this.lineOf(start)]!;
    const next = this.text.indexOf('\n', Math.max(start, end - 1));
    return this.text.slice(from, next < 0 ? this.text.length : next);
  }
}
