import { bytesSnippet, snippet } from '@mlsec/core';
import type { WorkBudget } from './budget.ts';
import type { PickleValue } from './values.ts';

/**
 * Python-like text for a symbolic value, for evidence in findings: `posix.system('echo hi')`. Untrusted
 * strings go through snippet(); depth, items per container and visited nodes are bounded, rendering stops
 * as soon as the text is long enough, and a value met again while rendering itself (a list that contains
 * itself) prints as `…`.
 */

/** Longest rendering returned. */
export const RENDER_LIMIT = 240;
const MAX_DEPTH = 6;
const MAX_ITEMS = 6;
const MAX_NODES = 200;
const STRING_LIMIT = 60;
/** Kinds that hold no other value, so cannot be part of a cycle. */
const LEAVES: ReadonlySet<PickleValue['kind']> = new Set([
  'none',
  'bool',
  'int',
  'float',
  'str',
  'bytes',
  'global',
  'ext',
  'opaque',
]);

/** Printable ASCII other than `"` and `\\`: what snippet() leaves as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** snippet(), skipped for the common short plain string (it walks code points one by one). */
function safe(text: string): string {
  return text.length <= STRING_LIMIT && PLAIN.test(text) ? text : snippet(text, STRING_LIMIT);
}

function quoted(text: string): string {
  return `'${text.replace(/'/g, "\\'")}'`;
}

/** Appends to one string and stops doing work once it is past its limit. */
class Renderer {
  out = '';
  private nodes = 0;
  private readonly visiting = new Set<PickleValue>();
  private readonly max: number;
  private readonly budget: WorkBudget | undefined;

  constructor(max: number, budget: WorkBudget | undefined) {
    this.max = max;
    this.budget = budget;
  }

  get full(): boolean {
    return this.out.length > this.max;
  }

  text(s: string): void {
    if (!this.full) this.out += s;
  }

  value(v: PickleValue, depth: number): void {
    if (this.full) return;
    if (
      depth > MAX_DEPTH ||
      this.nodes++ > MAX_NODES ||
      this.visiting.has(v) ||
      this.budget?.take() === false
    ) {
      this.out += '…';
      return;
    }
    if (LEAVES.has(v.kind)) return this.renderValue(v, depth + 1);
    this.visiting.add(v);
    this.renderValue(v, depth + 1);
    this.visiting.delete(v);
  }

  private renderValue(v: PickleValue, depth: number): void {
    switch (v.kind) {
      case 'none':
        return this.text('None');
      case 'bool':
        return this.text(v.value ? 'True' : 'False');
      case 'int':
        return this.text(v.value === undefined ? '<int>' : String(v.value));
      case 'float':
        return this.text(
          Number.isFinite(v.value) ? String(v.value) : `float('${String(v.value).toLowerCase()}')`,
        );
      case 'str':
        return this.text(quoted(safe(v.value)));
      case 'bytes': {
        const text = `b${quoted(bytesSnippet(v.value, STRING_LIMIT))}`;
        return this.text(v.bytearray ? `bytearray(${text})` : text);
      }
      case 'list':
        return this.wrap('[', v.items, v.dropped, depth, ']');
      case 'tuple':
        return this.wrap('(', v.items, 0, depth, v.items.length === 1 ? ',)' : ')');
      case 'set':
        return v.items.length === 0
          ? this.text('set()')
          : this.wrap('{', v.items, v.dropped, depth, '}');
      case 'frozenset':
        return this.wrap('frozenset({', v.items, v.dropped, depth, '})');
      case 'dict':
        this.text('{');
        this.pairs(v.items, v.dropped, depth, ': ');
        return this.text('}');
      case 'global':
        return this.text(`${safe(v.module)}.${safe(v.name)}`);
      case 'attr':
        this.value(v.base, depth);
        return this.text(`.${safe(v.name)}`);
      case 'call':
        this.value(v.callee, depth);
        this.text(v.opcode === 'NEWOBJ' || v.opcode === 'NEWOBJ_EX' ? '.__new__(' : '(');
        this.args(v.args, depth, v.kwargs);
        return this.text(')');
      case 'persid':
        this.text('persistent_load(');
        this.value(v.pid, depth);
        return this.text(')');
      case 'ext':
        return this.text(`<extension ${v.code}>`);
      case 'opaque':
        return this.text(`<${v.what}>`);
    }
  }

  private wrap(
    open: string,
    items: readonly PickleValue[],
    dropped: number,
    depth: number,
    close: string,
  ): void {
    this.text(open);
    this.items(items, dropped, depth);
    this.text(close);
  }

  /** Positional arguments (a tuple's items, or `*x` for anything else) and keyword arguments. */
  args(args: PickleValue, depth: number, kwargs?: PickleValue): void {
    const hasArgs = args.kind !== 'tuple' || args.items.length > 0;
    if (args.kind === 'tuple') this.items(args.items, 0, depth);
    else {
      this.text('*');
      this.value(args, depth);
    }
    if (kwargs === undefined || (kwargs.kind === 'dict' && kwargs.items.length === 0)) return;
    if (hasArgs) this.text(', ');
    if (kwargs.kind === 'dict') this.pairs(kwargs.items, kwargs.dropped, depth, '=');
    else {
      this.text('**');
      this.value(kwargs, depth);
    }
  }

  items(items: readonly PickleValue[], dropped: number, depth: number): void {
    const shown = Math.min(items.length, MAX_ITEMS);
    for (let i = 0; i < shown && !this.full; i++) {
      if (i > 0) this.text(', ');
      this.value(items[i] as PickleValue, depth);
    }
    if (items.length > MAX_ITEMS || dropped > 0) this.text(shown > 0 ? ', …' : '…');
  }

  /** Dict items (key, value, key, value...) as `k: v`, or keyword arguments as `k=v` (`sep` '='). */
  private pairs(items: readonly PickleValue[], dropped: number, depth: number, sep: string): void {
    let shown = 0;
    for (let i = 0; i + 1 < items.length && shown < MAX_ITEMS && !this.full; i += 2, shown++) {
      if (shown > 0) this.text(', ');
      const key = items[i] as PickleValue;
      if (sep === '=' && key.kind === 'str') this.text(safe(key.value));
      else this.value(key, depth);
      this.text(sep);
      this.value(items[i + 1] as PickleValue, depth);
    }
    if (items.length > MAX_ITEMS * 2 || dropped > 0) this.text(shown > 0 ? ', …' : '…');
  }

  result(): string {
    return this.out.length <= this.max ? this.out : `${this.out.slice(0, this.max - 1)}…`;
  }
}

/** Render one value, e.g. `builtins.getattr(builtins.__import__('os'), 'system')`. */
export function renderValue(
  value: PickleValue,
  max: number = RENDER_LIMIT,
  budget?: WorkBudget,
): string {
  const r = new Renderer(max, budget);
  r.value(value, 0);
  return r.result();
}

/** Render a method call on a value: `target.method(args)`. */
export function renderMethodCall(
  target: PickleValue,
  method: string,
  args: readonly PickleValue[],
  budget?: WorkBudget,
): string {
  const r = new Renderer(RENDER_LIMIT, budget);
  r.value(target, 0);
  r.text(`.${method}(`);
  r.items(args, 0, 1);
  r.text(')');
  return r.result();
}

/** Render a call of a value with positional arguments: `fn(args)`. */
export function renderCall(
  fn: PickleValue,
  args: readonly PickleValue[],
  budget?: WorkBudget,
): string {
  const r = new Renderer(RENDER_LIMIT, budget);
  r.value(fn, 0);
  r.text('(');
  r.items(args, 0, 1);
  r.text(')');
  return r.result();
}
