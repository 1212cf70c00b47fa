import type { GlobalPattern } from './pattern.ts';

/** One match: the entry and the pattern that selected it. */
export interface PatternMatch<T> {
  readonly pattern: GlobalPattern;
  readonly value: T;
}

/**
 * Patterns indexed by path, for lookups in time proportional to the number of segments of the path
 * looked up (a pickle may name thousands of globals). The most specific pattern wins: an exact entry,
 * then the wildcard with the longest prefix. The first entry added for a pattern is kept, so lists
 * merged in priority order keep their priority.
 */
export class PatternIndex<T> {
  readonly #exact = new Map<string, PatternMatch<T>>();
  readonly #wildcard = new Map<string, PatternMatch<T>>();
  /** Longest wildcard prefix, in segments: lookups never try longer prefixes. */
  #maxWildcardSegments = 0;

  add(pattern: GlobalPattern, value: T): void {
    const map = pattern.wildcard ? this.#wildcard : this.#exact;
    const key = pattern.path.join('.');
    if (!map.has(key)) map.set(key, { pattern, value });
    if (pattern.wildcard) {
      this.#maxWildcardSegments = Math.max(this.#maxWildcardSegments, pattern.path.length);
    }
  }

  get size(): number {
    return this.#exact.size + this.#wildcard.size;
  }

  /** The most specific entry matching `path`, if any. */
  match(path: readonly string[]): PatternMatch<T> | undefined {
    return this.matchExact(path) ?? this.matchWildcard(path);
  }

  /** The exact entry for `path`, if any. */
  matchExact(path: readonly string[]): PatternMatch<T> | undefined {
    return this.#exact.get(path.join('.'));
  }

  /** The longest wildcard entry whose prefix is `path` or a prefix of it (`a.b.*` matches `a.b`). */
  matchWildcard(path: readonly string[]): PatternMatch<T> | undefined {
    for (let n = Math.min(path.length, this.#maxWildcardSegments); n >= 1; n--) {
      const found = this.#wildcard.get(path.slice(0, n).join('.'));
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
