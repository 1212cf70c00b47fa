import { RE2JS } from 're2js';
import { ACCELERATORS } from './accelerators.ts';
import type { Accelerator } from './accelerators.ts';
import { windowedMatches, windowPlan } from './keyword-window.ts';
import type { WindowPlan } from './keyword-window.ts';
import { translateToV8 } from './v8-translate.ts';

/** One match: offsets (UTF-16 code units) of the whole match and of each group (undefined: unmatched). */
export interface RegexMatch {
  readonly start: number;
  readonly end: number;
  readonly groups: readonly (readonly [number, number] | undefined)[];
}

/** A compiled Go/RE2 pattern. `engine` says which engine runs it; both give RE2 leftmost-first matches. */
export interface GoRegex {
  readonly source: string;
  readonly engine: 'v8' | 're2js';
  /** Number of capture groups. */
  readonly groupCount: number;
  /** True when the pattern matches somewhere in text. */
  test(text: string): boolean;
  /**
   * Every non-overlapping match, left to right, as Go's FindAllStringSubmatchIndex returns them.
   * `folded`: the text lower-cased by foldText (same length), which lets re2js patterns with a proven
   * keyword window search only near their literals (same matches, far less text through the NFA).
   */
  matchAll(text: string, folded?: string): RegexMatch[];
}

/** Longest pattern accepted; RE2 also bounds the compiled program (re2js throws past it). */
export const MAX_PATTERN_LENGTH = 10_000;

export interface CompileOptions {
  /** 're2js' runs every pattern on re2js; 'auto' (default) uses V8 where the translation is exact and bounded. */
  readonly engine?: 'auto' | 're2js';
  /** Use the hand-proven shortcuts of accelerators.ts (default true; false for differential tests). */
  readonly accelerate?: boolean;
}

/**
 * Compile a Go RE2 pattern. Throws the re2js syntax error (or a RangeError for an over-long pattern);
 * callers turn it into SCAN_SECRETS_REGEX_INVALID.
 */
export function compileGoRegex(source: string, options: CompileOptions = {}): GoRegex {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new RangeError(`pattern is ${source.length} characters, over ${MAX_PATTERN_LENGTH}`);
  }
  // Always compile with re2js: it validates RE2 syntax and limits, even when V8 will run the pattern.
  const re2 = RE2JS.compile(source);
  const v8 = options.engine === 're2js' ? undefined : translateToV8(source);
  if (v8 !== undefined) return v8Regex(source, new RegExp(v8, 'dgu'), re2.groupCount());
  return re2Regex(
    source,
    re2,
    windowPlan(source),
    options.accelerate === false ? undefined : ACCELERATORS.get(source),
  );
}

function v8Regex(source: string, regex: RegExp, groupCount: number): GoRegex {
  return {
    source,
    engine: 'v8',
    groupCount,
    test(text) {
      regex.lastIndex = 0;
      return regex.test(text);
    },
    matchAll(text) {
      const out: RegexMatch[] = [];
      for (const m of text.matchAll(regex)) {
        const indices = m.indices!;
        out.push({
          start: m.index,
          end: m.index + m[0].length,
          groups: indices.slice(1).map((pair) => (pair ? [pair[0], pair[1]] : undefined)),
        });
      }
      return out;
    },
  };
}

function re2Regex(
  source: string,
  re2: RE2JS,
  found: WindowPlan | undefined,
  accelerator: Accelerator | undefined,
): GoRegex {
  const confirm = accelerator?.confirm;
  const plan =
    found && confirm && sameLiterals(found.literals, accelerator.literals)
      ? { ...found, confirm }
      : found;
  const requires = accelerator?.requires;
  const count = re2.groupCount();
  const find = (text: string, from: number): RegexMatch | undefined => {
    const matcher = re2.matcher(text);
    if (from > text.length || !matcher.find(from)) return undefined;
    const groups: (readonly [number, number] | undefined)[] = [];
    for (let g = 1; g <= count; g++) {
      const s = matcher.start(g);
      groups.push(s < 0 ? undefined : [s, matcher.end(g)]);
    }
    return { start: matcher.start(), end: matcher.end(), groups };
  };
  const shift = (m: RegexMatch, by: number): RegexMatch => ({
    start: m.start + by,
    end: m.end + by,
    groups: m.groups.map((g) => (g ? [g[0] + by, g[1] + by] : undefined)),
  });
  return {
    source,
    engine: 're2js',
    groupCount: count,
    test: (text) => re2.test(text),
    matchAll(text, folded) {
      if (requires && !requires(text)) return [];
      if (plan && folded !== undefined && folded.length === text.length) {
        return windowedMatches(text, folded, plan, find, shift);
      }
      const out: RegexMatch[] = [];
      const matcher = re2.matcher(text);
      let from = 0;
      while (from <= text.length && matcher.find(from)) {
        const start = matcher.start();
        const end = matcher.end();
        const groups: (readonly [number, number] | undefined)[] = [];
        for (let g = 1; g <= count; g++) {
          const s = matcher.start(g);
          groups.push(s < 0 ? undefined : [s, matcher.end(g)]);
        }
        out.push({ start, end, groups });
        // Like Go: after an empty match move one character on, so the loop always ends.
        from = end > start ? end : end + 1;
      }
      return out;
    },
  };
}

function sameLiterals(a: readonly string[], b: readonly string[] | undefined): boolean {
  return (
    b !== undefined &&
    a.length === b.length &&
    [...a].sort().join('\0') === [...b].sort().join('\0')
  );
}
