import { issue } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { decodeJinjaString } from './jinja-string.ts';

/** A token inside a `{{ … }}` or `{% … %}` block. Strings carry their decoded value. */
export interface JinjaToken {
  readonly kind: 'name' | 'string' | 'number' | 'op';
  readonly value: string;
  /** Offset in the template text. */
  readonly offset: number;
  /** A string literal that spelled letters, digits, '_' or '.' with escapes (`'\x5f\x5f'`). */
  readonly obfuscated?: boolean;
}

/** The code of one block: an expression (`{{ }}`) or a statement (`{% %}`). Comments are dropped. */
export interface JinjaBlock {
  readonly kind: 'expression' | 'statement';
  readonly tokens: readonly JinjaToken[];
  readonly offset: number;
}

// Longest operators first (jinja2/lexer.py `operators`).
const OPERATORS = ['**', '//', '==', '!=', '>=', '<=', ...'+-/%*~()[]{}<>=.:|,;'];
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER =
  /0[bB][01_]+|0[oO][0-7_]+|0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?/y;
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const ENDRAW = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
const OPEN = /\{\{|\{%|\{#/g;
const BRACKETS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function sticky(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/**
 * Split a Jinja template into its code blocks, the way jinja2's lexer does with the default
 * delimiters: text outside blocks and `{# comments #}` carry no code, `{% raw %}` bodies are text, a
 * block ends at `}}` / `%}` only when brackets inside it are balanced, and string literals may
 * contain delimiters. Nothing is evaluated. A block left open runs to the end of the template (Jinja
 * would refuse it; the scanner still looks at it). Yields blocks one at a time.
 */
export function* jinjaBlocks(text: string, issues: FormatIssue[]): Generator<JinjaBlock> {
  let pos = 0;
  for (;;) {
    OPEN.lastIndex = pos;
    const open = OPEN.exec(text);
    if (!open) return;
    const start = open.index;
    if (open[0] === '{#') {
      const end = text.indexOf('#}', start + 2);
      if (end < 0) return;
      pos = end + 2;
      continue;
    }
    const kind = open[0] === '{{' ? 'expression' : 'statement';
    const close = kind === 'expression' ? '}}' : '%}';
    const { tokens, end } = lexBlock(text, start + 2, close);
    if (end < 0)
      issues.push(
        issue('JINJA_UNTERMINATED_BLOCK', `a block opened at ${start} is not closed`, start),
      );
    yield { kind, tokens, offset: start };
    pos = end < 0 ? text.length : end;
    const first = tokens[0];
    if (kind === 'statement' && first?.kind === 'name' && first.value === 'raw') {
      ENDRAW.lastIndex = pos;
      const endraw = ENDRAW.exec(text);
      if (!endraw) return;
      pos = endraw.index + endraw[0].length;
    }
  }
}

/** Tokenize from `at` to the block end; returns the offset after the end, or -1 when unterminated. */
function lexBlock(text: string, at: number, close: string): { tokens: JinjaToken[]; end: number } {
  const tokens: JinjaToken[] = [];
  const stack: string[] = [];
  let pos = at;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (pos < text.length) {
    const c = text[pos] as string;
    if (/\s/.test(c)) {
      pos++;
      continue;
    }
    if (stack.length === 0) {
      for (const end of [`-${close}`, `+${close}`, close]) {
        if (text.startsWith(end, pos)) return { tokens, end: pos + end.length };
      }
    }
    const name = sticky(NAME, text, pos);
    if (name) {
      tokens.push({ kind: 'name', value: name, offset: pos });
      pos += name.length;
      continue;
    }
    const number = sticky(NUMBER, text, pos);
    if (number) {
      tokens.push({ kind: 'number', value: number, offset: pos });
      pos += number.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const literal = sticky(STRING, text, pos);
      if (!literal) {
        // An unterminated string swallows the rest, as in jinja2 (which then fails to compile).
        tokens.push({ kind: 'string', value: text.slice(pos + 1), offset: pos });
        return { tokens, end: -1 };
      }
      const { value, obfuscated } = decodeJinjaString(literal.slice(1, -1));
      tokens.push({ kind: 'string', value, offset: pos, ...(obfuscated ? { obfuscated } : {}) });
      pos += literal.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, pos)) ?? c;
    if (BRACKETS[op]) stack.push(BRACKETS[op]);
    else if (op === stack.at(-1)) stack.pop();
    tokens.push({ kind: 'op', value: op, offset: pos });
    pos += op.length;
  }
  return { tokens, end: -1 };
}
