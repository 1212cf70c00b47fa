import type { Token } from './tokenizer.ts';

/** One argument of a call: its tokens [start, end) and, for `name=value`, the keyword. */
export interface CallArg {
  readonly start: number;
  readonly end: number;
  readonly keyword?: string;
}

export interface CallArgs {
  readonly args: readonly CallArg[];
  /** Index of the closing parenthesis (or tokens.length if the call is never closed). */
  readonly close: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/**
 * For every opening bracket, the index of its closing bracket (tokens.length when never closed), in
 * one pass. Argument splitting jumps over nested groups with it, so reviewing a file stays linear even
 * for thousands of nested or unclosed calls.
 */
export function matchBrackets(tokens: readonly Token[]): Int32Array {
  const close = new Int32Array(tokens.length).fill(tokens.length);
  const stack: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'op') return;
    if (OPEN.has(token.value)) stack.push(i);
    else if (CLOSE.has(token.value)) {
      const open = stack.pop();
      if (open !== undefined) close[open] = i;
    }
  });
  return close;
}

/** Split the arguments of the call whose `(` is at `open`; `closeOf` comes from matchBrackets. */
export function callArgs(tokens: readonly Token[], open: number, closeOf: Int32Array): CallArgs {
  const args: CallArg[] = [];
  const close = closeOf[open] ?? tokens.length;
  let start = open + 1;
  const finish = (end: number): void => {
    if (end <= start) return;
    const first = tokens[start];
    const second = tokens[start + 1];
    const keyword = first?.kind === 'name' && second?.kind === 'op' && second.value === '=';
    args.push(keyword ? { start: start + 2, end, keyword: first.value } : { start, end });
  };
  for (let i = open + 1; i < close; i += 1) {
    const token = tokens[i];
    if (token?.kind !== 'op') continue;
    if (OPEN.has(token.value))
      i = closeOf[i] ?? tokens.length; // skip the nested group
    else if (token.value === ',') {
      finish(i);
      start = i + 1;
    }
  }
  finish(close);
  return { args, close };
}

/** The keyword argument `name`, if passed. */
export function keywordArg(call: CallArgs, name: string): CallArg | undefined {
  return call.args.find((arg) => arg.keyword === name);
}

/** True when the argument is exactly the single name `value` (e.g. `True`). */
export function argIsName(
  tokens: readonly Token[],
  arg: CallArg | undefined,
  value: string,
): boolean {
  if (arg === undefined || arg.end - arg.start !== 1) return false;
  const token = tokens[arg.start];
  return token?.kind === 'name' && token.value === value;
}

/** The dotted name an argument consists of (`a.b.c`), or undefined if it is anything else. */
export function argDottedName(
  tokens: readonly Token[],
  arg: CallArg | undefined,
): string | undefined {
  if (arg === undefined || arg.end <= arg.start) return undefined;
  const parts: string[] = [];
  for (let i = arg.start; i < arg.end; i += 1) {
    const token = tokens[i];
    const wantName = (i - arg.start) % 2 === 0;
    if (wantName && token?.kind === 'name') parts.push(token.value);
    else if (!wantName && token?.kind === 'op' && token.value === '.') continue;
    else return undefined;
  }
  return (arg.end - arg.start) % 2 === 1 ? parts.join('.') : undefined;
}

/** The constant text of an argument that is a single plain (non-f) string literal. */
export function argString(tokens: readonly Token[], arg: CallArg | undefined): string | undefined {
  if (arg === undefined || arg.end - arg.start !== 1) return undefined;
  const token = tokens[arg.start];
  return token?.kind === 'string' && token.formatted !== true ? token.value : undefined;
}
