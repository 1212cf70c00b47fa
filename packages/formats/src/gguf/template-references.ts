import type { FormatIssue } from '@mlsec/core';
import { jinjaBlocks } from './jinja-lexer.ts';
import type { JinjaBlock, JinjaToken } from './jinja-lexer.ts';

/**
 * Something a template's code refers to. Roles follow Jinja syntax: `x` is a name, `.x` an
 * attribute, `|x` a filter, `is x` a test, the first word of `{% x … %}` a statement; `'…'` is a
 * string and `'a' ~ 'b'` a concatenation folded to its constant value.
 */
export interface TemplateReference {
  readonly role:
    'name' | 'attribute' | 'filter' | 'test' | 'statement' | 'string' | 'concatenation';
  readonly value: string;
  readonly offset: number;
  /** Followed by `(`. */
  readonly called: boolean;
  /** Followed by `.` or `[` (something of it is accessed). */
  readonly member: boolean;
  /** A string that is the whole key of a subscript: `x['…']`. */
  readonly subscript: boolean;
  /** A string joined to something with `~` or `+` (a piece of a name built at render time). */
  readonly joined: boolean;
  /** A string literal spelled with escapes that hide identifier characters. */
  readonly obfuscated: boolean;
}

/** Longest folded constant kept; longer results (`'_' * 10**6`) are not folded. */
const MAX_FOLDED = 4096;

const isOp = (t: JinjaToken | undefined, value: string): boolean =>
  t?.kind === 'op' && t.value === value;

function nameRole(
  tokens: readonly JinjaToken[],
  i: number,
  block: JinjaBlock,
): TemplateReference['role'] {
  const prev = tokens[i - 1];
  if (i === 0 && block.kind === 'statement') return 'statement';
  if (isOp(prev, '.')) return 'attribute';
  if (isOp(prev, '|')) return 'filter';
  if (i === 1 && block.kind === 'statement' && tokens[0]?.value === 'filter') return 'filter';
  if (prev?.kind === 'name' && prev.value === 'is' && tokens[i]?.value !== 'not') return 'test';
  if (prev?.value === 'not' && tokens[i - 2]?.value === 'is') return 'test';
  return 'name';
}

/**
 * Fold a chain of constant strings joined by `~` or `+` (with `* n` repetition) starting at `i`:
 * `'__cla' ~ 'ss__'`, `u ~ u ~ 'init' ~ u ~ u` after `{% set u = '_' %}`. Returns the value, how many
 * operands it joined and where it stopped.
 */
function fold(
  tokens: readonly JinjaToken[],
  i: number,
  constants: ReadonlyMap<string, string>,
): { value: string; operands: number; next: number } | undefined {
  let value = '';
  let operands = 0;
  let pos = i;
  for (;;) {
    const t = tokens[pos];
    const piece =
      t?.kind === 'string'
        ? t.value
        : t?.kind === 'name' && !isOp(tokens[pos - 1], '.')
          ? constants.get(t.value)
          : undefined;
    if (piece === undefined) break;
    let repeated = piece;
    pos++;
    if (isOp(tokens[pos], '*') && tokens[pos + 1]?.kind === 'number') {
      const n = Number(tokens[pos + 1]?.value);
      if (!Number.isSafeInteger(n) || n * piece.length > MAX_FOLDED) return undefined;
      repeated = piece.repeat(n);
      pos += 2;
      operands++;
    }
    value += repeated;
    operands++;
    if (value.length > MAX_FOLDED) return undefined;
    if (!isOp(tokens[pos], '~') && !isOp(tokens[pos], '+')) break;
    pos++;
  }
  return operands === 0 ? undefined : { value, operands, next: pos };
}

/**
 * Everything a chat template's code refers to, block by block, for a scanner to judge (the policy of
 * what is dangerous lives in the scanner). Simple `{% set name = 'constant' %}` assignments are
 * tracked so concatenations through variables fold too.
 */
export function templateReferences(text: string): {
  references: TemplateReference[];
  issues: FormatIssue[];
} {
  const issues: FormatIssue[] = [];
  const references: TemplateReference[] = [];
  const constants = new Map<string, string>();
  for (const block of jinjaBlocks(text, issues)) {
    const tokens = block.tokens;
    if (
      block.kind === 'statement' &&
      tokens[0]?.value === 'set' &&
      tokens[1]?.kind === 'name' &&
      isOp(tokens[2], '=')
    ) {
      const folded = fold(tokens, 3, constants);
      if (folded && folded.next === tokens.length) constants.set(tokens[1].value, folded.value);
      else constants.delete(tokens[1].value);
    }
    let foldedUntil = -1;
    tokens.forEach((t, i) => {
      const next = tokens[i + 1];
      const base = {
        offset: t.offset,
        called: isOp(next, '('),
        member: isOp(next, '.') || isOp(next, '['),
        subscript: false,
        joined: false,
        obfuscated: t.obfuscated ?? false,
      };
      if (t.kind === 'name')
        references.push({ ...base, role: nameRole(tokens, i, block), value: t.value });
      if (t.kind === 'string') {
        const subscript = isOp(tokens[i - 1], '[') && isOp(next, ']');
        const joined = ['~', '+'].some((op) => isOp(tokens[i - 1], op) || isOp(next, op));
        references.push({ ...base, role: 'string', value: t.value, subscript, joined });
      }
      if (i >= foldedUntil && (t.kind === 'string' || t.kind === 'name')) {
        const folded = fold(tokens, i, constants);
        const subscript =
          folded !== undefined && isOp(tokens[i - 1], '[') && isOp(tokens[folded.next], ']');
        // A lone constant variable is reported only as a subscript key (`x[name]`).
        if (folded && (folded.operands > 1 || (t.kind === 'name' && subscript))) {
          references.push({
            ...base,
            role: 'concatenation',
            value: folded.value,
            subscript,
            called: false,
            member: false,
          });
        }
        if (folded) foldedUntil = folded.next;
      }
    });
  }
  return { references, issues };
}
