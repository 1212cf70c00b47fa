import { issue } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';

/**
 * A deliberately small Python tokenizer: enough to find names, calls and imports while skipping what is
 * not code (comments, string literals). It follows the lexical rules of the Python reference, section 2
 * (https://docs.python.org/3/reference/lexical_analysis.html): string prefixes, triple quotes, backslash
 * continuation, implicit joining inside brackets, and f-string replacement fields, whose expressions ARE
 * code (`f"{os.system('id')}"`) and are tokenized like any other code.
 */
export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline';

export interface Token {
  readonly kind: TokenKind;
  /** Name (NFKC-normalised, as Python does), operator, or a bounded prefix of a string's body. */
  readonly value: string;
  /** 1-based line and column (UTF-16 code units) of the token's first character. */
  readonly line: number;
  readonly column: number;
  /** For strings: an f-string (its body is not a plain constant). */
  readonly formatted?: boolean;
}

export interface TokenizeResult {
  readonly tokens: readonly Token[];
  readonly issues: readonly FormatIssue[];
}

const STRING_VALUE_LIMIT = 256;
const MAX_FSTRING_NESTING = 16;
const OPS3 = new Set(['...', '**=', '//=', '>>=', '<<=']);
const OPS2 = new Set([
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '->',
  ':=',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
]);
/** Valid string prefixes (lowercased), reference §2.4.1; `t` is the template-string prefix of 3.14. */
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
/** Second characters of multi-character operators: only then is a longer operator possible. */
const MULTI_SECOND = '*/=<>.-';
const OPEN = '([{';
const CLOSE = ')]}';

function isIdStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  return /\p{XID_Start}/u.test(ch);
}

function isIdContinue(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return isIdStart(ch) || (c >= 0x30 && c <= 0x39);
  return /\p{XID_Continue}/u.test(ch);
}

/** The whole code point at `index` (identifiers may use astral characters). */
function codePointAt(src: string, index: number): string {
  return String.fromCodePoint(src.codePointAt(index) ?? 0);
}

class TokenLimit extends Error {}

class Lexer {
  readonly tokens: Token[] = [];
  readonly issues: FormatIssue[] = [];
  private i = 0;
  private line = 1;
  private lineStart = 0;

  private readonly src: string;
  private readonly maxTokens: number;

  constructor(src: string, maxTokens: number) {
    this.src = src;
    this.maxTokens = maxTokens;
  }

  run(): void {
    try {
      this.lexCode(0, false);
    } catch (error) {
      if (!(error instanceof TokenLimit)) throw error;
      this.issues.push(
        issue('PY_TOO_MANY_TOKENS', `stopped after ${this.maxTokens} tokens`, this.i, true),
      );
    }
  }

  private push(
    kind: TokenKind,
    value: string,
    start: number,
    line: number,
    lineStart: number,
    formatted = false,
  ): void {
    if (this.tokens.length >= this.maxTokens) throw new TokenLimit();
    const token: Token = { kind, value, line, column: start - lineStart + 1 };
    this.tokens.push(formatted ? { ...token, formatted } : token);
  }

  private newline(at: number): void {
    this.line += 1;
    this.lineStart = at + 1;
  }

  /**
   * Lex code until end of input, or (inside an f-string replacement field, `nested` > 0) until the `}`
   * that closes the field. Returns when the field is closed.
   */
  private lexCode(nested: number, inField: boolean): void {
    const src = this.src;
    let depth = 0;
    while (this.i < src.length) {
      const ch = src[this.i] ?? '';
      if (ch === '\n') {
        if (depth === 0 && !inField) this.emitNewline();
        this.newline(this.i);
        this.i += 1;
      } else if (ch === ' ' || ch === '\t' || ch === '\f') {
        this.i += 1;
      } else if (ch === '#') {
        while (this.i < src.length && src[this.i] !== '\n') this.i += 1;
      } else if (ch === '\\' && src[this.i + 1] === '\n') {
        this.newline(this.i + 1); // explicit line joining, §2.1.5
        this.i += 2;
      } else if (ch === '"' || ch === "'") {
        this.lexString('', this.i, nested);
      } else if (isIdStart(codePointAt(src, this.i))) {
        this.lexName(nested);
      } else if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(src[this.i + 1] ?? ''))) {
        this.lexNumber();
      } else if (
        inField &&
        depth === 0 &&
        (ch === '}' || ch === ':' || (ch === '!' && src[this.i + 1] !== '='))
      ) {
        this.finishField(nested, ch);
        return;
      } else {
        let op = ch;
        if (MULTI_SECOND.includes(src[this.i + 1] ?? ' ')) {
          const three = src.slice(this.i, this.i + 3);
          const two = src.slice(this.i, this.i + 2);
          op = OPS3.has(three) ? three : OPS2.has(two) ? two : ch;
        }
        if (OPEN.includes(op)) depth += 1;
        else if (CLOSE.includes(op) && depth > 0) depth -= 1;
        this.push('op', op, this.i, this.line, this.lineStart);
        this.i += op.length;
      }
    }
  }

  private emitNewline(): void {
    const last = this.tokens[this.tokens.length - 1];
    if (last !== undefined && last.kind !== 'newline')
      this.push('newline', '\n', this.i, this.line, this.lineStart);
  }

  private lexName(nested: number): void {
    const src = this.src;
    const start = this.i;
    let end = this.i;
    while (end < src.length) {
      const ch = codePointAt(src, end);
      if (!isIdContinue(ch)) break;
      end += ch.length;
    }
    const raw = src.slice(start, end);
    const quote = src[end];
    if ((quote === '"' || quote === "'") && STRING_PREFIXES.has(raw.toLowerCase())) {
      this.i = end;
      this.lexString(raw.toLowerCase(), start, nested);
      return;
    }
    this.push('name', raw.normalize('NFKC'), start, this.line, this.lineStart);
    this.i = end;
  }

  private lexNumber(): void {
    const src = this.src;
    const start = this.i;
    const hex = /^0[xXoObB]/.test(src.slice(start, start + 2));
    while (this.i < src.length) {
      const ch = src[this.i] ?? '';
      const prev = src[this.i - 1] ?? '';
      if (/[0-9A-Za-z_.]/.test(ch)) this.i += 1;
      else if ((ch === '+' || ch === '-') && !hex && (prev === 'e' || prev === 'E')) this.i += 1;
      else break;
    }
    this.push('number', src.slice(start, this.i), start, this.line, this.lineStart);
  }

  /** String literal at this.i (after any prefix, which began at `start`), §2.4.1. */
  private lexString(prefix: string, start: number, nested: number): void {
    const src = this.src;
    const line = this.line;
    const lineStart = this.lineStart;
    const q = src[this.i] ?? '"';
    const triple = src[this.i + 1] === q && src[this.i + 2] === q;
    const formatted =
      (prefix.includes('f') || prefix.includes('t')) && nested < MAX_FSTRING_NESTING;
    this.i += triple ? 3 : 1;
    let body = '';
    // The string token goes first so that tokens of replacement fields follow it in source order.
    const index = this.tokens.length;
    this.push('string', '', start, line, lineStart, formatted);
    for (;;) {
      if (this.i >= src.length) {
        this.issues.push(
          issue('PY_UNTERMINATED_STRING', `string opened on line ${line} never ends`, start),
        );
        break;
      }
      const ch = src[this.i] ?? '';
      if (ch === '\\') {
        if (src[this.i + 1] === '\n') this.newline(this.i + 1);
        if (body.length < STRING_VALUE_LIMIT) body += src.slice(this.i, this.i + 2);
        this.i += 2;
      } else if (ch === q && (!triple || (src[this.i + 1] === q && src[this.i + 2] === q))) {
        this.i += triple ? 3 : 1;
        break;
      } else if (ch === '\n' && !triple) {
        this.issues.push(
          issue('PY_UNTERMINATED_STRING', `string on line ${line} ends at end of line`, start),
        );
        break; // leave the newline to the code lexer
      } else if (formatted && (ch === '{' || ch === '}') && src[this.i + 1] === ch) {
        if (body.length < STRING_VALUE_LIMIT) body += ch;
        this.i += 2; // doubled brace is a literal brace
      } else if (formatted && ch === '{') {
        this.i += 1;
        this.lexCode(nested + 1, true);
      } else {
        if (ch === '\n') this.newline(this.i);
        if (body.length < STRING_VALUE_LIMIT) body += ch;
        this.i += 1;
      }
    }
    const token = this.tokens[index];
    if (token !== undefined)
      this.tokens[index] = { ...token, value: body.slice(0, STRING_VALUE_LIMIT) };
  }

  /** At `}`, `:` (format spec) or `!` (conversion) of a replacement field: consume to the closing `}`. */
  private finishField(nested: number, ch: string): void {
    const src = this.src;
    this.i += 1;
    if (ch === '}') return;
    // Conversion (`!r`) and format spec: literal text, except nested replacement fields (`{x:{width}}`).
    while (this.i < src.length) {
      const c = src[this.i] ?? '';
      if (c === '}') {
        this.i += 1;
        return;
      }
      if (c === '{' && nested < MAX_FSTRING_NESTING) {
        this.i += 1;
        this.lexCode(nested + 1, true);
      } else {
        if (c === '\n') this.newline(this.i);
        this.i += 1;
      }
    }
  }
}

/**
 * Tokenize Python source. Never throws on malformed code: unterminated strings and token overruns are
 * reported as issues and what was read so far is returned.
 */
export function tokenizePython(source: string, maxTokens: number): TokenizeResult {
  const text = source.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lexer = new Lexer(text, maxTokens);
  lexer.run();
  return { tokens: lexer.tokens, issues: lexer.issues };
}
