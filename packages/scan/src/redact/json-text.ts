/**
 * A JSON string literal as Python's json.dumps writes it (nbformat: ensure_ascii=False): `"`, `\`
 * and control characters escaped (\n \r \t \b \f by name, the rest as \u00xx), everything else
 * as is. JSON.stringify does the same, and also escapes lone surrogates, which UTF-8 cannot carry.
 * With `ensureAscii`, every non-ASCII UTF-16 unit is written \uxxxx (lower-case hex, as Python).
 */
export function encodeJsonString(value: string, ensureAscii: boolean): string {
  const json = JSON.stringify(value);
  if (!ensureAscii) return json;
  return json.replace(
    /[^\x00-\x7f]/g, // eslint-disable-line no-control-regex -- the ASCII range
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Decode a JSON string literal taken from a text the bounded parser already accepted. */
export function decodeJsonString(literal: string): string {
  return JSON.parse(literal) as string;
}

/**
 * True when a JSON text was written with ensure_ascii (every non-ASCII character escaped): it holds
 * no raw non-ASCII character and at least one \u escape of one. Otherwise new strings keep
 * non-ASCII characters unescaped, as nbformat writes them.
 */
export function writesAsciiOnly(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- ASCII range
  if (/[^\x00-\x7f]/.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) return false;
  return /\\u(?:00[89a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]|[1-9a-fA-F][0-9a-fA-F]{2})[0-9a-fA-F]/.test(
    text,
  );
}

/** One replacement in a text: [start, end) becomes `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Non-overlapping edits of one text. An edit that overlaps one already taken is refused (add returns
 * false): callers add the widest edits first (a cleared output list before the secrets inside it).
 */
export class TextEdits {
  private readonly edits: TextEdit[] = [];

  add(edit: TextEdit): boolean {
    const overlaps = this.edits.some(
      (e) =>
        edit.start < e.end && e.start < edit.end && !(edit.start === edit.end && e.start === e.end),
    );
    if (overlaps) return false;
    this.edits.push(edit);
    return true;
  }

  /** True when [start, end) lies inside (or overlaps) an edit already taken. */
  covers(start: number, end: number): boolean {
    return this.edits.some((e) => start < e.end && e.start < end);
  }

  get size(): number {
    return this.edits.length;
  }

  apply(text: string): string {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start);
    const out: string[] = [];
    let at = 0;
    for (const edit of sorted) {
      out.push(text.slice(at, edit.start), edit.text);
      at = edit.end;
    }
    out.push(text.slice(at));
    return out.join('');
  }
}
