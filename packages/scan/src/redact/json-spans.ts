import { pointerOf } from '@mlsec/formats';

/** Where one JSON value sits in the document text (UTF-16 offsets, end exclusive). */
export interface JsonSpan {
  readonly type: 'string' | 'array' | 'object' | 'other';
  readonly start: number;
  readonly end: number;
  /** Array elements in order. */
  readonly elements?: readonly JsonSpan[];
  /** Object members in order: where each key's string starts, and its value. */
  readonly members?: readonly {
    readonly name: string;
    readonly keyStart: number;
    readonly value: JsonSpan;
  }[];
}

/**
 * Index every value of a JSON text by JSON pointer, with its source span, so a value can be
 * replaced in place and everything else stays byte-identical. The text must already have been
 * accepted by the bounded parser (parseJson, as readNotebook does): this walker trusts the syntax
 * and only records positions. Of duplicate keys the last wins, as with Python's json.loads.
 */
export function indexJsonSpans(text: string, maxDepth: number): Map<string, JsonSpan> {
  const index = new Map<string, JsonSpan>();
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const ws = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text.charAt(pos))) pos++;
  };
  const stringEnd = (from: number): number => {
    let i = from + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw new Error('unterminated string in validated JSON');
      if (c === 0x5c) i += 2;
      else if (c === 0x22) return i + 1;
      else i++;
    }
  };
  const value = (pointer: string, depth: number): JsonSpan => {
    if (depth > maxDepth) throw new Error('JSON nests deeper than the validated bound');
    ws();
    const start = pos;
    const c = text.charAt(pos);
    let span: JsonSpan;
    if (c === '"') {
      pos = stringEnd(pos);
      span = { type: 'string', start, end: pos };
    } else if (c === '[') {
      pos++;
      const elements: JsonSpan[] = [];
      ws();
      if (text.charAt(pos) === ']') pos++;
      else {
        for (;;) {
          elements.push(value(pointerOf(pointer, elements.length), depth + 1));
          ws();
          const next = text.charAt(pos++);
          if (next === ']') break;
        }
      }
      span = { type: 'array', start, end: pos, elements };
    } else if (c === '{') {
      pos++;
      const members: { name: string; keyStart: number; value: JsonSpan }[] = [];
      ws();
      if (text.charAt(pos) === '}') pos++;
      else {
        for (;;) {
          ws();
          const keyStart = pos;
          pos = stringEnd(pos);
          const name = JSON.parse(text.slice(keyStart, pos)) as string;
          ws();
          pos++; // ':'
          members.push({ name, keyStart, value: value(pointerOf(pointer, name), depth + 1) });
          ws();
          const next = text.charAt(pos++);
          if (next === '}') break;
        }
      }
      span = { type: 'object', start, end: pos, members };
    } else {
      while (pos < text.length && !',]} \t\n\r'.includes(text.charAt(pos))) pos++;
      span = { type: 'other', start, end: pos };
    }
    index.set(pointer, span);
    return span;
  };
  value('', 0);
  return index;
}
