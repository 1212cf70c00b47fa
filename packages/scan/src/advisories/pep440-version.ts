/**
 * PEP 440 versions: parsing with the PEP's normalisation (case, `v` prefix, `-`/`_`/`.` separators,
 * alternative spellings such as `alpha`, `c`, `rev`, implicit post releases `1.0-1`), comparison in the
 * PEP's order, and the normalised text. A hand-written scanner (no backtracking regex) over at most
 * MAX_VERSION_LENGTH characters: hostile strings cost linear time and fail with `undefined`.
 */

/** Longest version text accepted; longer ones are not versions a package index would take. */
export const MAX_VERSION_LENGTH = 256;

/** A number segment longer than this would not survive as a JavaScript number. */
const MAX_DIGITS = 15;

export type PreKind = 'a' | 'b' | 'rc';

export interface Pep440Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre?: { readonly kind: PreKind; readonly number: number };
  readonly post?: number;
  readonly dev?: number;
  /** Local label segments (`+ubuntu.1` gives ['ubuntu', 1]), lower-cased. */
  readonly local?: readonly (string | number)[];
}

const PRE_SPELLINGS: readonly (readonly [string, PreKind])[] = [
  ['preview', 'rc'],
  ['alpha', 'a'],
  ['beta', 'b'],
  ['pre', 'rc'],
  ['rc', 'rc'],
  ['a', 'a'],
  ['b', 'b'],
  ['c', 'rc'],
];
const POST_SPELLINGS = ['post', 'rev', 'r'];

class Scanner {
  at = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  done(): boolean {
    return this.at >= this.text.length;
  }
  peek(): string {
    return this.text[this.at] ?? '';
  }
  isDigit(offset = 0): boolean {
    const c = this.text.charCodeAt(this.at + offset);
    return c >= 48 && c <= 57;
  }
  /** Digits at the cursor as a number; undefined (cursor kept) when there are none or too many. */
  number(): number | undefined {
    let end = this.at;
    while (end < this.text.length && isDigitCode(this.text.charCodeAt(end))) end++;
    if (end === this.at || end - this.at > MAX_DIGITS) return undefined;
    const value = Number(this.text.slice(this.at, end));
    this.at = end;
    return value;
  }
  /** Consume one of `words` at the cursor; the one consumed, or undefined. */
  word(words: readonly string[]): string | undefined {
    for (const w of words) {
      if (this.text.startsWith(w, this.at)) {
        this.at += w.length;
        return w;
      }
    }
    return undefined;
  }
  separator(): boolean {
    const c = this.peek();
    if (c === '.' || c === '-' || c === '_') {
      this.at++;
      return true;
    }
    return false;
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parse a PEP 440 version (normalising its spelling); undefined when it is not one. */
export function parseVersion(input: string): Pep440Version | undefined {
  if (input.length > MAX_VERSION_LENGTH) return undefined;
  const s = new Scanner(input.trim().toLowerCase());
  if (s.peek() === 'v') s.at++;

  let epoch = 0;
  const first = s.number();
  if (first === undefined) return undefined;
  let release: number[] = [first];
  if (s.peek() === '!') {
    s.at++;
    epoch = first;
    const major = s.number();
    if (major === undefined) return undefined;
    release = [major];
  }
  while (s.peek() === '.' && s.isDigit(1)) {
    s.at++;
    const part = s.number();
    if (part === undefined) return undefined;
    release.push(part);
  }

  const version: {
    epoch: number;
    release: number[];
    pre?: { kind: PreKind; number: number };
    post?: number;
    dev?: number;
    local?: (string | number)[];
  } = { epoch, release };

  // Pre-release: [sep] kind [sep] [number]
  let mark = s.at;
  s.separator();
  const preWord = s.word(PRE_SPELLINGS.map(([w]) => w));
  if (preWord !== undefined) {
    const kind = PRE_SPELLINGS.find(([w]) => w === preWord)?.[1] ?? 'rc';
    version.pre = { kind, number: optionalNumber(s) };
  } else {
    s.at = mark;
  }

  // Post-release: `-N`, or [sep] post|rev|r [sep] [number]
  mark = s.at;
  if (s.peek() === '-' && s.isDigit(1)) {
    s.at++;
    const post = s.number();
    if (post === undefined) return undefined;
    version.post = post;
  } else {
    s.separator();
    if (s.word(POST_SPELLINGS) !== undefined) version.post = optionalNumber(s);
    else s.at = mark;
  }

  // Development release: [sep] dev [sep] [number]
  mark = s.at;
  s.separator();
  if (s.word(['dev']) !== undefined) version.dev = optionalNumber(s);
  else s.at = mark;

  // Local label: + alnum ([-_.] alnum)*
  if (s.peek() === '+') {
    s.at++;
    const local: (string | number)[] = [];
    for (;;) {
      const start = s.at;
      while (!s.done() && /[a-z0-9]/.test(s.peek())) s.at++;
      if (s.at === start) return undefined;
      const part = s.text.slice(start, s.at);
      local.push(/^[0-9]+$/.test(part) && part.length <= MAX_DIGITS ? Number(part) : part);
      if (s.done()) break;
      if (!s.separator()) return undefined;
    }
    version.local = local;
  }
  return s.done() ? version : undefined;
}

/** `[sep] [digits]` after a pre/post/dev word; an omitted number is 0. */
function optionalNumber(s: Scanner): number {
  const mark = s.at;
  s.separator();
  if (s.isDigit()) return s.number() ?? 0;
  s.at = mark;
  return 0;
}

/** The PEP 440 normal form (`1.0RC1` → `1.0rc1`, `v1.0-1` → `1.0.post1`). */
export function formatVersion(v: Pep440Version): string {
  let out = v.epoch !== 0 ? `${v.epoch}!` : '';
  out += v.release.join('.');
  if (v.pre) out += `${v.pre.kind}${v.pre.number}`;
  if (v.post !== undefined) out += `.post${v.post}`;
  if (v.dev !== undefined) out += `.dev${v.dev}`;
  if (v.local) out += `+${v.local.join('.')}`;
  return out;
}

/** The version without its local label. */
export function publicVersion(v: Pep440Version): Pep440Version {
  if (v.local === undefined) return v;
  const out: Pep440Version = { ...v };
  delete (out as { local?: unknown }).local;
  return out;
}

export function isPrerelease(v: Pep440Version): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

const PRE_RANK: Readonly<Record<PreKind, number>> = { a: 0, b: 1, rc: 2 };

/** Negative, zero or positive as `a` sorts before, equal to or after `b` in PEP 440 order. */
export function compareVersions(a: Pep440Version, b: Pep440Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const release = compareRelease(a.release, b.release);
  if (release !== 0) return release;
  const pre = compareTuples(preKey(a), preKey(b));
  if (pre !== 0) return pre;
  const post = (a.post ?? -1) - (b.post ?? -1);
  if (post !== 0) return post;
  const dev = (a.dev ?? Infinity) - (b.dev ?? Infinity);
  if (dev !== 0 && !Number.isNaN(dev)) return dev;
  return compareLocal(a.local, b.local);
}

/** Release segments compared with trailing zeros ignored (1.0 == 1.0.0). */
export function compareRelease(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A dev release without a pre or post release sorts before every pre-release of its release. */
function preKey(v: Pep440Version): readonly number[] {
  if (v.pre) return [0, PRE_RANK[v.pre.kind], v.pre.number];
  if (v.post === undefined && v.dev !== undefined) return [-1];
  return [1];
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** No label sorts first; numeric segments sort after alphanumeric ones; a longer label wins a tie. */
function compareLocal(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): number {
  if (a === undefined || b === undefined) return (a ? 1 : 0) - (b ? 1 : 0);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number') {
      return 1;
    } else if (typeof y === 'number') {
      return -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}
