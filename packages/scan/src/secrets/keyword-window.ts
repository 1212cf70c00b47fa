import type { Node } from './go-regex-ast.ts';
import { minLength, parseGoRegex } from './go-regex-ast.ts';

/**
 * Where a pattern's matches can be, proven from its syntax: every match contains one of `literals`
 * (lower-cased) starting at most `before` code units after the match starts, and spans at most
 * `newlines` line breaks. A search then only needs to look near the literals' occurrences instead of
 * running the whole text through re2js (generic-api-key's keywords sit on most lines of code, but its
 * NFA costs microseconds per character, so narrowing the text it sees is what matters).
 */
export interface WindowPlan {
  readonly literals: readonly string[];
  readonly before: number;
  readonly newlines: number;
  /** How far a match can reach from its start, when that can be bounded better than by `newlines`. */
  readonly extent?: readonly ExtentOp[];
  /**
   * A sticky V8 regex over the folded text that matches at every literal occurrence a match can use
   * (a necessary condition, proven by hand for one exact pattern: see accelerators.ts); occurrences
   * where it fails are not searched.
   */
  readonly confirm?: RegExp;
}

/**
 * One step of a match's reach, applied from its start: advance `advance` code units (Infinity when
 * unbounded), and with `line` no further than the end of the current line (the next line feed, which a
 * newline-free part of a pattern cannot pass). Both are upper bounds, so the smaller one holds.
 */
export interface ExtentOp {
  readonly advance: number;
  readonly line?: true;
}

/** Longest extent list kept; longer ones (deep repeats) are not worth it. */
const MAX_EXTENT_OPS = 32;

function pushOp(ops: ExtentOp[], op: ExtentOp): void {
  const last = ops[ops.length - 1];
  if (op.advance === 0) return;
  // Two steps of the same kind add up: two parts on one line stay on that line.
  if (last !== undefined && last.line === op.line) {
    ops[ops.length - 1] = { ...last, advance: last.advance + op.advance };
  } else {
    ops.push(op);
  }
}

/**
 * The reach of a match of `node` from its start as steps, or undefined when it is unbounded (a repeat
 * without limit of something that can hold a line feed).
 */
function extent(node: Node): ExtentOp[] | undefined {
  if (maxNewlines(node) === 0) return [{ advance: maxLength(node), line: true }];
  switch (node.kind) {
    case 'chars':
    case 'raw':
      return [{ advance: maxLength(node) }];
    case 'group':
      return extent(node.item);
    case 'concat': {
      const ops: ExtentOp[] = [];
      for (const item of node.items) {
        const inner = extent(item);
        if (!inner) return undefined;
        for (const op of inner) pushOp(ops, op);
        if (ops.length > MAX_EXTENT_OPS) return undefined;
      }
      return ops;
    }
    case 'alt': {
      // Branches combine as the longest, by length alone (dropping a line cap only loosens a bound).
      const lengths = node.items.map((item) => {
        const ops = extent(item);
        return ops === undefined ? Infinity : ops.reduce((sum, op) => sum + op.advance, 0);
      });
      const longest = Math.max(0, ...lengths);
      return Number.isFinite(longest) ? [{ advance: longest }] : undefined;
    }
    case 'repeat': {
      if (!Number.isFinite(node.max)) return undefined;
      const inner = extent(node.item);
      if (!inner) return undefined;
      const ops: ExtentOp[] = [];
      for (let i = 0; i < node.max; i++) {
        for (const op of inner) pushOp(ops, op);
        if (ops.length > MAX_EXTENT_OPS) return undefined;
      }
      return ops;
    }
  }
}

/** Where a match starting at or before `start` ends at the latest, by the extent steps. */
function reachEnd(text: string, start: number, ops: readonly ExtentOp[]): number {
  let at = start;
  for (const op of ops) {
    let next = at + op.advance;
    if (op.line && next > at) {
      const lf = text.indexOf('\n', at);
      next = Math.min(next, lf < 0 ? text.length : lf);
    }
    at = next;
    if (at >= text.length) return text.length;
  }
  return at;
}

/** Shortest literal worth searching for: shorter ones occur nearly everywhere. */
const MIN_LITERAL = 3;
/** Windows may re-read the text up to this many times its length before the plain search takes over. */
const RESCAN_FACTOR = 2;

/** Case folding of the search text: lower case, and RE2's (?i) long s (U+017F) as 's'. */
function foldChar(cp: number): string {
  return cp === 0x17f ? 's' : String.fromCodePoint(cp).toLowerCase();
}

/** The text the literals are searched in, or undefined when folding would move offsets. */
export function foldText(lower: string): string {
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

/** The single printable ASCII character every code point of a small class folds to, if there is one. */
function literalChar(node: Node): string | undefined {
  if (node.kind !== 'chars' || node.negated) return undefined;
  let size = 0;
  let folded: string | undefined;
  for (const [lo, hi] of node.ranges) {
    size += hi - lo + 1;
    if (size > 4) return undefined;
    for (let cp = lo; cp <= hi; cp++) {
      const f = foldChar(cp);
      if (f.length !== 1 || f.charCodeAt(0) < 0x20 || f.charCodeAt(0) > 0x7e) return undefined;
      if (folded !== undefined && f !== folded) return undefined;
      folded = f;
    }
  }
  return folded;
}

/** Most UTF-16 code units a match of `node` can span (Infinity when unbounded). */
function maxLength(node: Node): number {
  switch (node.kind) {
    case 'chars':
      return node.negated || node.ranges.some(([, hi]) => hi > 0xffff) ? 2 : 1;
    case 'raw':
      return 0;
    case 'concat':
      return node.items.reduce((sum, item) => sum + maxLength(item), 0);
    case 'alt':
      return Math.max(0, ...node.items.map(maxLength));
    case 'group':
      return maxLength(node.item);
    case 'repeat': {
      const inner = maxLength(node.item);
      return inner === 0 ? 0 : node.max * inner;
    }
  }
}

/** Most line feeds a match can contain. */
function maxNewlines(node: Node): number {
  switch (node.kind) {
    case 'chars': {
      const inRanges = node.ranges.some(([lo, hi]) => lo <= 0x0a && 0x0a <= hi);
      return inRanges !== node.negated ? 1 : 0;
    }
    case 'raw':
      return 0;
    case 'concat':
      return node.items.reduce((sum, item) => sum + maxNewlines(item), 0);
    case 'alt':
      return Math.max(0, ...node.items.map(maxNewlines));
    case 'group':
      return maxNewlines(node.item);
    case 'repeat': {
      const inner = maxNewlines(node.item);
      return inner === 0 ? 0 : node.max * inner;
    }
  }
}

/** True when the pattern holds `^` (start of text): a window would move where it can match. */
function hasTextStart(node: Node): boolean {
  switch (node.kind) {
    case 'chars':
      return false;
    case 'raw':
      return node.source === '^';
    case 'concat':
    case 'alt':
      return node.items.some(hasTextStart);
    case 'group':
    case 'repeat':
      return hasTextStart(node.item);
  }
}

interface Anchor {
  readonly literals: readonly string[];
  readonly before: number;
}

const shortest = (a: Anchor): number => Math.min(...a.literals.map((l) => l.length));

function better(a: Anchor | undefined, b: Anchor | undefined): Anchor | undefined {
  if (!a || !Number.isFinite(a.before)) return b;
  if (!b || !Number.isFinite(b.before)) return a;
  const byLength = shortest(b) - shortest(a);
  return byLength > 0 || (byLength === 0 && b.before < a.before) ? b : a;
}

/** Literals one of which every match of `node` contains, with how far after its start. */
function anchor(node: Node): Anchor | undefined {
  switch (node.kind) {
    case 'chars': {
      const c = literalChar(node);
      return c === undefined ? undefined : { literals: [c], before: 0 };
    }
    case 'raw':
      return undefined;
    case 'group':
      return anchor(node.item);
    case 'repeat':
      return node.min >= 1 ? anchor(node.item) : undefined;
    case 'alt': {
      const parts = node.items.map(anchor);
      if (parts.some((p) => p === undefined || !Number.isFinite(p.before))) return undefined;
      const literals = new Set(parts.flatMap((p) => p!.literals));
      return { literals: [...literals], before: Math.max(...parts.map((p) => p!.before)) };
    }
    case 'concat': {
      let best: Anchor | undefined;
      let offset = 0;
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i]!;
        // A run of literal characters is one literal.
        let run = '';
        for (let j = i; j < node.items.length; j++) {
          const c = literalChar(node.items[j]!);
          if (c === undefined) break;
          run += c;
        }
        if (run.length > 1) best = better(best, { literals: [run], before: offset });
        const inner = anchor(item);
        if (inner) best = better(best, { literals: inner.literals, before: offset + inner.before });
        offset += maxLength(item);
      }
      return best;
    }
  }
}

/** The window plan of a Go pattern, or undefined when none can be proven (then search the whole text). */
export function windowPlan(source: string): WindowPlan | undefined {
  const ast = parseGoRegex(source);
  if (!ast || hasTextStart(ast) || minLength(ast) === 0) return undefined;
  const newlines = maxNewlines(ast);
  const found = anchor(ast);
  if (!found || !Number.isFinite(found.before) || !Number.isFinite(newlines)) return undefined;
  if (shortest(found) < MIN_LITERAL) return undefined;
  const reach = extent(ast);
  return {
    literals: found.literals,
    before: found.before,
    newlines,
    ...(reach !== undefined ? { extent: reach } : {}),
  };
}

/**
 * Start offsets of every literal in `folded`, ascending, without repeats; with `confirm` (which opens
 * with the literals themselves), every offset where it matches, found by one global search restarted
 * one code unit after each hit so that overlapping occurrences are all seen.
 */
function occurrences(folded: string, literals: readonly string[], confirm?: RegExp): number[] {
  if (confirm) {
    const out: number[] = [];
    const search = new RegExp(confirm.source, 'g');
    for (let m = search.exec(folded); m !== null; m = search.exec(folded)) {
      out.push(m.index);
      search.lastIndex = m.index + 1;
    }
    return out;
  }
  const at = new Set<number>();
  for (const literal of literals) {
    for (let i = folded.indexOf(literal); i >= 0; i = folded.indexOf(literal, i + 1)) at.add(i);
  }
  return [...at].sort((a, b) => a - b);
}

/** A first-match search: the leftmost match of `text` starting at or after `from`, offsets in text. */
export type FindFrom<M extends { start: number; end: number }> = (
  text: string,
  from: number,
) => M | undefined;

/** Index just after the (count)-th line feed at or after `from`, or the text's end. */
function afterLineFeeds(text: string, from: number, count: number): number {
  let end = from;
  for (let n = 0; n < count; n++) {
    const lf = text.indexOf('\n', end);
    if (lf < 0) return text.length;
    end = lf + 1;
  }
  return end;
}

/**
 * Every non-overlapping match, left to right, exactly as `find` run over the whole text would give them,
 * but searching only regions around the plan's literals. Matches can only start in [p - before, p] for
 * some literal occurrence p; overlapping reaches are merged into one region [lo, hi]. A match starting
 * at or before hi holds at most `newlines` line feeds, so it ends before the (newlines+1)-th line feed
 * from hi: the slice from just before lo (two code units of context for \b) to that line feed
 * (included, so `$` and \b see what follows) holds every such match whole, and a search in it picks
 * the same match the whole-text search would. Regions whose slices would overlap are merged too, so no
 * byte is searched twice; if windows still re-read too much, the whole-text search takes over.
 */
export function windowedMatches<M extends { start: number; end: number }>(
  text: string,
  folded: string,
  plan: WindowPlan,
  find: FindFrom<M>,
  shift: (match: M, by: number) => M,
): M[] {
  const out: M[] = [];
  const at = occurrences(folded, plan.literals, plan.confirm);
  const reach = plan.newlines + 1;
  // The slice of a region ends after the line feed that follows its last possible match end; with an
  // extent, two code units after that end instead: context for \b, and `$` (end of text) cannot hold
  // where no match can reach, so a slice ending early adds no match.
  const bound = (hi: number): number => {
    const byLines = afterLineFeeds(text, hi, reach);
    if (!plan.extent) return byLines;
    return Math.min(byLines, reachEnd(text, hi, plan.extent) + 2, text.length);
  };
  let budget = RESCAN_FACTOR * text.length + 65_536;
  let from = 0;
  let i = 0;
  while (i < at.length) {
    const first = at[i]!;
    const lo = Math.max(from, first - plan.before);
    let hi = first;
    let sliceEnd = bound(hi);
    // Merge the next occurrences whose reach starts before this slice ends.
    while (i + 1 < at.length && at[i + 1]! - plan.before <= sliceEnd) {
      hi = at[++i]!;
      sliceEnd = bound(hi);
    }
    i++;
    if (hi < lo) continue;
    const sliceStart = Math.max(0, lo - 2);
    budget -= sliceEnd - sliceStart;
    if (budget < 0) return wholeText(text, from, find, out);
    const slice = text.slice(sliceStart, sliceEnd);
    for (let next = lo; ;) {
      const m = find(slice, next - sliceStart);
      if (!m || m.start + sliceStart > hi) break;
      out.push(shift(m, sliceStart));
      next = m.end + sliceStart;
      from = next;
    }
    from = Math.max(from, hi + 1);
    // Occurrences already passed by a match: skip them.
    while (i < at.length && at[i]! < from) i++;
  }
  return out;
}

function wholeText<M extends { start: number; end: number }>(
  text: string,
  from: number,
  find: FindFrom<M>,
  out: M[],
): M[] {
  for (let m = find(text, from); m; m = m.end < text.length ? find(text, m.end) : undefined) {
    out.push(m);
  }
  return out;
}
