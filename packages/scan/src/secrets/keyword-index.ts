import type { SecretsConfig } from './types.ts';

/**
 * Which of a rule set's keywords a lower-cased text contains, in one pass: a global regex with a
 * lookahead over every keyword (longest first) stops at each position where one starts and names the
 * longest; every keyword that is a prefix of that one starts there too. About four times faster than
 * one `includes` per keyword (the default rules have about 260).
 */
export class KeywordIndex {
  private readonly search: RegExp | undefined;
  /** For each keyword, the keywords that are prefixes of it (itself included). */
  private readonly prefixes: ReadonlyMap<string, readonly string[]>;

  constructor(keywords: Iterable<string>) {
    const all = [...new Set(keywords)].filter((k) => k !== '').sort((a, b) => b.length - a.length);
    const escape = (k: string): string => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    this.search =
      all.length > 0 ? new RegExp(`(?=(${all.map(escape).join('|')}))`, 'g') : undefined;
    this.prefixes = new Map(all.map((k) => [k, all.filter((p) => k.startsWith(p))]));
  }

  /** The keywords present in `lower` (a lower-cased text). */
  present(lower: string): Set<string> {
    const found = new Set<string>();
    const search = this.search;
    if (!search) return found;
    search.lastIndex = 0;
    for (let m = search.exec(lower); m !== null; m = search.exec(lower)) {
      const longest = m[1]!;
      if (!found.has(longest)) for (const k of this.prefixes.get(longest) ?? []) found.add(k);
      search.lastIndex = m.index + 1;
    }
    return found;
  }
}

const INDEXES = new WeakMap<SecretsConfig, KeywordIndex>();

/** The keyword index of a rule set, built once. */
export function keywordIndex(config: SecretsConfig): KeywordIndex {
  let index = INDEXES.get(config);
  if (!index) {
    index = new KeywordIndex(config.rules.flatMap((rule) => rule.keywords));
    INDEXES.set(config, index);
  }
  return index;
}
