/**
 * Something a parser noticed about its input: malformed structure, a limit reached, an unusual feature.
 * `code` is SCREAMING_SNAKE and stable; the scanner maps codes to rules.
 */
export interface FormatIssue {
  readonly code: string;
  readonly message: string;
  /** Byte offset in the parsed input where the problem was seen, when known. */
  readonly offset?: number;
  /** True when the parser could not finish: what it returns is partial. */
  readonly fatal?: boolean;
}

/** The result of parsing untrusted bytes (after zod's safeParse): parsers never throw on bad input. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly FormatIssue[] }
  | { readonly ok: false; readonly issues: readonly FormatIssue[]; readonly partial?: T };

export function ok<T>(value: T, issues: readonly FormatIssue[] = []): ParseResult<T> {
  return { ok: true, value, issues };
}

export function fail<T>(issues: readonly FormatIssue[], partial?: T): ParseResult<T> {
  return partial === undefined ? { ok: false, issues } : { ok: false, issues, partial };
}

export function issue(
  code: string,
  message: string,
  offset?: number,
  fatal?: boolean,
): FormatIssue {
  const out: { code: string; message: string; offset?: number; fatal?: boolean } = {
    code,
    message,
  };
  if (offset !== undefined) out.offset = offset;
  if (fatal) out.fatal = true;
  return out;
}
