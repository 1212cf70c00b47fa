import type { Node } from './go-regex-ast.ts';
import { minLength, parseGoRegex } from './go-regex-ast.ts';

/**
 * Most backtracking paths a translated pattern may have from one start position. V8 backtracks, so a
 * pattern runs on V8 only when this bound proves its work per start position is a constant: no unbounded
 * repeat (`*`, `+`, `{n,}`: `a[^x]*b` is already quadratic on "aaaa…"), and the product of the bounded
 * choices below this number. Everything else runs on re2js, which is linear for any pattern.
 */
export const V8_PATH_BUDGET = 10_000;

/** The V8 source (for the `u` flag) that matches exactly like the Go pattern, or undefined. */
export function translateToV8(pattern: string): string | undefined {
  const ast = parseGoRegex(pattern);
  if (!ast || !exactInV8(ast, false)) return undefined;
  if (paths(ast) > V8_PATH_BUDGET) return undefined;
  return emit(ast);
}

/**
 * Where V8 and RE2 differ even on the same syntax: V8 resets captures at each iteration of a repeat and
 * treats empty iterations differently, so captures inside a repeat and repeats of possibly empty groups
 * are refused.
 */
function exactInV8(node: Node, inRepeat: boolean): boolean {
  switch (node.kind) {
    case 'chars':
    case 'raw':
      return true;
    case 'concat':
    case 'alt':
      return node.items.every((item) => exactInV8(item, inRepeat));
    case 'group':
      if (node.capture && inRepeat) return false;
      return exactInV8(node.item, inRepeat);
    case 'repeat':
      if (node.item.kind !== 'chars' && minLength(node.item) === 0) return false;
      return exactInV8(node.item, inRepeat || node.max > 1);
  }
}

/** An upper bound of the choice sequences a backtracking matcher can try from one position. */
export function paths(node: Node): number {
  const cap = (n: number): number => Math.min(n, Number.MAX_SAFE_INTEGER);
  switch (node.kind) {
    case 'chars':
    case 'raw':
      return 1;
    case 'concat':
      return cap(node.items.reduce((product, item) => product * paths(item), 1));
    case 'alt':
      return cap(node.items.reduce((sum, item) => sum + paths(item), 0));
    case 'group':
      return paths(node.item);
    case 'repeat': {
      if (node.max === Infinity) return Infinity;
      const p = paths(node.item);
      if (p === 1) return node.max - node.min + 1;
      let total = 0;
      for (let k = node.min; k <= node.max; k++) {
        total += p ** k;
        if (total > V8_PATH_BUDGET) return total;
      }
      return total;
    }
  }
}

function emit(node: Node): string {
  switch (node.kind) {
    case 'chars':
      return emitChars(node.ranges, node.negated);
    case 'raw':
      return node.source;
    case 'concat':
      return node.items.map(emit).join('');
    case 'alt':
      return `(?:${node.items.map(emit).join('|')})`;
    case 'group':
      return node.capture ? `(${emit(node.item)})` : `(?:${emit(node.item)})`;
    case 'repeat': {
      const max = node.max === Infinity ? '' : String(node.max);
      const quantifier = node.min === node.max ? `{${node.min}}` : `{${node.min},${max}}`;
      const inner = node.item.kind === 'chars' ? emit(node.item) : `(?:${emit(node.item)})`;
      return `${inner}${quantifier}${node.lazy ? '?' : ''}`;
    }
  }
}

function emitChars(ranges: readonly (readonly [number, number])[], negated: boolean): string {
  const body = ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
  return `[${negated ? '^' : ''}${body}]`;
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}
