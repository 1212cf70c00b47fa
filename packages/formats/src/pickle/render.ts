import { bytesSnippet, snippet } from '@mlsec/core';
import type { PickleValue } from './values.ts';

/**
 * Python-like text for a symbolic value, for evidence in findings: `posix.system('echo hi')`. Untrusted
 * strings go through snippet(); depth, items per container, visited nodes and total length are bounded,
 * and a value met again while rendering itself (a list that contains itself) prints as `…`.
 */

/** Longest rendering returned. */
export const RENDER_LIMIT = 240;
const MAX_DEPTH = 6;
const MAX_ITEMS = 6;
const MAX_NODES = 200;
const STRING_LIMIT = 60;

class Renderer {
  private nodes = 0;
  private readonly visiting = new Set<PickleValue>();

  render(value: PickleValue, depth: number): string {
    if (depth > MAX_DEPTH || this.nodes++ > MAX_NODES || this.visiting.has(value)) return '…';
    this.visiting.add(value);
    try {
      return this.renderValue(value, depth + 1);
    } finally {
      this.visiting.delete(value);
    }
  }

  private renderValue(v: PickleValue, depth: number): string {
    switch (v.kind) {
      case 'none':
        return 'None';
      case 'bool':
        return v.value ? 'True' : 'False';
      case 'int':
        return v.value === undefined ? '<int>' : String(v.value);
      case 'float':
        return Number.isFinite(v.value) ? String(v.value) : `float('${String(v.value).toLowerCase()}')`;
      case 'str':
        return `'${snippet(v.value, STRING_LIMIT).replace(/'/g, "\\'")}'`;
      case 'bytes': {
        const text = `b'${bytesSnippet(v.value, STRING_LIMIT).replace(/'/g, "\\'")}'`;
        return v.bytearray ? `bytearray(${text})` : text;
      }
      case 'list':
        return `[${this.items(v.items, v.dropped, depth)}]`;
      case 'tuple':
        return v.items.length === 1 ? `(${this.items(v.items, 0, depth)},)` : `(${this.items(v.items, 0, depth)})`;
      case 'set':
        return v.items.length === 0 ? 'set()' : `{${this.items(v.items, v.dropped, depth)}}`;
      case 'frozenset':
        return `frozenset({${this.items(v.items, v.dropped, depth)}})`;
      case 'dict':
        return `{${this.pairs(v.items, v.dropped, depth)}}`;
      case 'global':
        return `${snippet(v.module, STRING_LIMIT)}.${snippet(v.name, STRING_LIMIT)}`;
      case 'attr':
        return `${this.render(v.base, depth)}.${snippet(v.name, STRING_LIMIT)}`;
      case 'call': {
        const callee = this.render(v.callee, depth);
        const method = v.opcode === 'NEWOBJ' || v.opcode === 'NEWOBJ_EX' ? '.__new__' : '';
        const kwargs = v.kwargs === undefined ? '' : this.kwargs(v.kwargs, depth);
        return `${callee}${method}(${this.args(v.args, depth)}${kwargs})`;
      }
      case 'persid':
        return `persistent_load(${this.render(v.pid, depth)})`;
      case 'ext':
        return `<extension ${v.code}>`;
      case 'opaque':
        return `<${v.what}>`;
    }
  }

  /** Positional arguments: a tuple's items, or `*x` for anything else (CPython would unpack it). */
  args(args: PickleValue, depth: number): string {
    return args.kind === 'tuple' ? this.items(args.items, 0, depth) : `*${this.render(args, depth)}`;
  }

  private kwargs(kwargs: PickleValue, depth: number): string {
    if (kwargs.kind !== 'dict') return `, **${this.render(kwargs, depth)}`;
    if (kwargs.items.length === 0) return '';
    const parts: string[] = [];
    for (let i = 0; i + 1 < kwargs.items.length && parts.length < MAX_ITEMS; i += 2) {
      const k = kwargs.items[i];
      const v = kwargs.items[i + 1];
      if (k === undefined || v === undefined) break;
      const name = k.kind === 'str' ? snippet(k.value, STRING_LIMIT) : `**${this.render(k, depth)}`;
      parts.push(`${name}=${this.render(v, depth)}`);
    }
    return `, ${parts.join(', ')}${kwargs.items.length / 2 > parts.length ? ', …' : ''}`;
  }

  items(items: readonly PickleValue[], dropped: number, depth: number): string {
    const shown = items.slice(0, MAX_ITEMS).map((item) => this.render(item, depth));
    if (items.length > MAX_ITEMS || dropped > 0) shown.push('…');
    return shown.join(', ');
  }

  private pairs(items: readonly PickleValue[], dropped: number, depth: number): string {
    const shown: string[] = [];
    for (let i = 0; i + 1 < items.length && shown.length < MAX_ITEMS; i += 2) {
      const k = items[i];
      const v = items[i + 1];
      if (k !== undefined && v !== undefined) shown.push(`${this.render(k, depth)}: ${this.render(v, depth)}`);
    }
    if (items.length > MAX_ITEMS * 2 || dropped > 0) shown.push('…');
    return shown.join(', ');
  }
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Render one value, e.g. `builtins.getattr(builtins.__import__('os'), 'system')`. */
export function renderValue(value: PickleValue, max: number = RENDER_LIMIT): string {
  return cut(new Renderer().render(value, 0), max);
}

/** Render a method call on a value: `target.method(args)`, args given as a list of values. */
export function renderMethodCall(
  target: PickleValue,
  method: string,
  args: readonly PickleValue[],
  max: number = RENDER_LIMIT,
): string {
  const r = new Renderer();
  return cut(`${r.render(target, 0)}.${method}(${r.items(args, 0, 1)})`, max);
}
