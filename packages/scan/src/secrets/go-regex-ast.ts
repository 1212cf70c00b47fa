/**
 * A parser for the part of Go RE2 syntax that translates exactly to a V8 RegExp. It only decides
 * whether a pattern can run on V8 and builds the V8 source; re2js stays the reference engine, so any
 * syntax not handled here (Unicode classes, octal escapes, the m/U flags, …) is `undefined`: use re2js.
 * Syntax: https://github.com/google/re2/wiki/Syntax
 */
export type Node =
  | {
      readonly kind: 'chars';
      readonly ranges: readonly (readonly [number, number])[];
      readonly negated: boolean;
    }
  | { readonly kind: 'raw'; readonly source: string } // anchors and \b: width zero, one path
  | { readonly kind: 'concat'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly items: readonly Node[] }
  | { readonly kind: 'group'; readonly capture: boolean; readonly item: Node }
  | {
      readonly kind: 'repeat';
      readonly item: Node;
      readonly min: number;
      readonly max: number; // Infinity for * + {n,}
      readonly lazy: boolean;
    };

interface Flags {
  readonly i: boolean;
  readonly s: boolean;
}

type Range = [number, number];

const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]; // RE2 \s: \t \n \f \r space
const POSIX: Readonly<Record<string, Range[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};

class Unsupported extends Error {}

/** Parse a Go regex into the translatable AST, or undefined when it uses anything outside the subset. */
export function parseGoRegex(pattern: string): Node | undefined {
  try {
    const parser = new Parser(pattern);
    const node = parser.parseAlt({ i: false, s: false });
    if (parser.pos !== pattern.length) return undefined;
    return node;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Parser {
  pos = 0;
  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private fail(): never {
    throw new Unsupported();
  }

  parseAlt(flags: Flags): Node {
    const items: Node[] = [this.parseConcat(flags)];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.parseConcat(flags));
    }
    return items.length === 1 ? items[0]! : { kind: 'alt', items };
  }

  private parseConcat(outer: Flags): Node {
    let flags = outer;
    const items: Node[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === undefined || ch === '|' || ch === ')') break;
      // (?flags) with no colon changes the flags for the rest of the current group.
      const setFlags = this.tryFlagGroup(flags);
      if (setFlags) {
        flags = setFlags;
        continue;
      }
      let atom = this.parseAtom(flags);
      atom = this.parseRepeats(atom);
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  private tryFlagGroup(flags: Flags): Flags | undefined {
    const m = /^\(\?([a-zA-Z-]*)\)/.exec(this.src.slice(this.pos, this.pos + 12));
    if (!m) return undefined;
    this.pos += m[0].length;
    return applyFlags(flags, m[1]!);
  }

  private parseRepeats(atom: Node): Node {
    let node = atom;
    for (;;) {
      const ch = this.peek();
      let min: number;
      let max: number;
      if (ch === '*') [min, max] = [0, Infinity];
      else if (ch === '+') [min, max] = [1, Infinity];
      else if (ch === '?') [min, max] = [0, 1];
      else if (ch === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 16));
        if (!m) return node; // RE2 reads a lone { as a literal; leave that to re2js
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.pos += m[0].length - 1;
      } else return node;
      this.pos++;
      let lazy = false;
      if (this.peek() === '?') {
        lazy = true;
        this.pos++;
      }
      // RE2 rejects a repeat of a repeat (`a**`); re2js reports it, we only need not to accept it.
      if (node.kind === 'repeat' || node.kind === 'raw') this.fail();
      node = { kind: 'repeat', item: node, min, max, lazy };
    }
  }

  private parseAtom(flags: Flags): Node {
    const ch = this.peek();
    if (ch === undefined) this.fail();
    if (ch === '(') return this.parseGroup(flags);
    if (ch === '[') return this.parseClass(flags);
    this.pos++;
    if (ch === '.') {
      return flags.s
        ? { kind: 'chars', ranges: [], negated: true }
        : { kind: 'chars', ranges: [[0x0a, 0x0a]], negated: true };
    }
    if (ch === '^') return { kind: 'raw', source: '^' }; // without (?m): start of text, like V8
    if (ch === '$') return { kind: 'raw', source: '$' }; // without (?m): end of text, like V8
    if (ch === '\\') return this.parseEscape(flags);
    if ('*+?{'.includes(ch)) this.fail();
    return literal(ch.codePointAt(0)!, flags);
  }

  private parseEscape(flags: Flags): Node {
    const e = this.peek();
    if (e === undefined) this.fail();
    this.pos++;
    if (e === 'A') return { kind: 'raw', source: '^' };
    if (e === 'z') return { kind: 'raw', source: '$' };
    if (e === 'b') return { kind: 'raw', source: '\\b' };
    if (e === 'B') return { kind: 'raw', source: '\\B' };
    const cls = perlClass(e, flags);
    if (cls) return cls;
    this.pos--;
    return literal(this.escapeCodePoint(), flags);
  }

  /** A single escaped character (after the backslash), in or out of a class. */
  private escapeCodePoint(): number {
    const e = this.peek();
    if (e === undefined) this.fail();
    this.pos++;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (e === 'x') {
      const m = /^(\{([0-9a-fA-F]{1,6})\}|[0-9a-fA-F]{2})/.exec(
        this.src.slice(this.pos, this.pos + 9),
      );
      if (!m) this.fail();
      this.pos += m[0].length;
      const cp = parseInt(m[2] ?? m[1]!, 16);
      if (cp > 0x10ffff) this.fail();
      return cp;
    }
    // RE2 allows escaping punctuation only; letters and digits here mean something we do not translate.
    if (/[!-/:-@[-`{-~]/.test(e)) return e.codePointAt(0)!;
    this.fail();
  }

  private parseGroup(outer: Flags): Node {
    this.pos++; // (
    let capture = true;
    let flags = outer;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos, this.pos + 12);
      const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(rest);
      const mod = /^\?([a-zA-Z-]*):/.exec(rest);
      if (named) this.pos += named[0].length;
      else if (mod) {
        this.pos += mod[0].length;
        capture = false;
        flags = applyFlags(outer, mod[1]!);
      } else this.fail();
    }
    const item = this.parseAlt(flags);
    if (this.peek() !== ')') this.fail();
    this.pos++;
    return { kind: 'group', capture, item };
  }

  private parseClass(flags: Flags): Node {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.fail();
      if (ch === ']' && !first) break;
      first = false;
      if (this.src.startsWith('[:', this.pos)) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos, this.pos + 12));
        const set = m ? POSIX[m[2]!] : undefined;
        if (!m || !set || m[1] === '^') this.fail();
        this.pos += m[0].length;
        ranges.push(...set);
        continue;
      }
      if (ch === '\\') {
        const e = this.src[this.pos + 1];
        const perl = e === undefined ? undefined : perlRanges(e);
        if (perl) {
          if (perl.negated) this.fail();
          this.pos += 2;
          ranges.push(...perl.ranges);
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']') {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) this.fail();
      }
      ranges.push([lo, hi]);
    }
    this.pos++; // ]
    return { kind: 'chars', ranges: flags.i ? foldRanges(ranges) : ranges, negated };
  }

  private classChar(): number {
    const ch = this.peek();
    if (ch === undefined) this.fail();
    if (ch === '\\') {
      this.pos++;
      return this.escapeCodePoint();
    }
    const cp = ch.codePointAt(0)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

function applyFlags(flags: Flags, spec: string): Flags {
  let on = true;
  let { i, s } = flags;
  for (const c of spec) {
    if (c === '-') on = false;
    else if (c === 'i') i = on;
    else if (c === 's') s = on;
    else throw new Unsupported(); // m and U change ^ $ and greediness: leave to re2js
  }
  return { i, s };
}

function perlRanges(e: string): { ranges: Range[]; negated: boolean } | undefined {
  const lower = e.toLowerCase();
  const base = lower === 'd' ? DIGIT : lower === 'w' ? WORD : lower === 's' ? SPACE : undefined;
  if (!base || !'dDwWsS'.includes(e)) return undefined;
  return { ranges: base, negated: e !== lower };
}

function perlClass(e: string, flags: Flags): Node | undefined {
  const perl = perlRanges(e);
  if (!perl) return undefined;
  // RE2 case-folds Perl classes under (?i): \w then also takes U+017F and U+212A.
  const ranges = flags.i ? foldRanges(perl.ranges) : perl.ranges;
  return { kind: 'chars', ranges, negated: perl.negated };
}

function literal(cp: number, flags: Flags): Node {
  const ranges: Range[] = [[cp, cp]];
  return { kind: 'chars', ranges: flags.i ? foldRanges(ranges) : ranges, negated: false };
}

/**
 * Simple case folding as RE2 applies it, for ASCII only: each letter gains its other case, k/K gain the
 * Kelvin sign U+212A and s/S the long s U+017F. A non-ASCII letter folds in ways we do not model: refuse.
 */
function foldRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi > 0x7f) {
      if (lo >= 0x80 && hi < 0xaa) continue; // no cased letters in U+0080–U+00A9
      throw new Unsupported();
    }
    for (const [a, b, delta] of [
      [0x41, 0x5a, 0x20],
      [0x61, 0x7a, -0x20],
    ] as const) {
      const from = Math.max(lo, a);
      const to = Math.min(hi, b);
      if (from <= to) out.push([from + delta, to + delta]);
    }
    if (overlaps(lo, hi, 0x6b) || overlaps(lo, hi, 0x4b)) out.push([0x212a, 0x212a]);
    if (overlaps(lo, hi, 0x73) || overlaps(lo, hi, 0x53)) out.push([0x17f, 0x17f]);
  }
  return out;
}

function overlaps(lo: number, hi: number, cp: number): boolean {
  return lo <= cp && cp <= hi;
}

/** Fewest code points a match of `node` holds (0 when it can match empty). */
export function minLength(node: Node): number {
  switch (node.kind) {
    case 'chars':
      return 1;
    case 'raw':
      return 0;
    case 'concat':
      return node.items.reduce((sum, item) => sum + minLength(item), 0);
    case 'alt':
      return Math.min(...node.items.map(minLength));
    case 'group':
      return minLength(node.item);
    case 'repeat':
      return node.min * minLength(node.item);
  }
}
