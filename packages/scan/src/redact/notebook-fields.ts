import { stripAnsiMapped } from '@mlsec/formats';
import type { NotebookSegment } from '@mlsec/formats';
import type { JsonSpan } from './json-spans.ts';
import { decodeJsonString, encodeJsonString } from './json-text.ts';
import type { TextEdit } from './json-text.ts';
import { placeholder, replaceSpans } from './secret-spans.ts';
import type { SecretSpan } from './secret-spans.ts';

/**
 * A JSON value that redaction rewrites: one string, or a list of strings that nbformat joins into one
 * text (a multi-line source, stream text or mime text, a traceback). Secrets are replaced in the
 * joined text, so a secret that spans list elements (a private key over many source lines) is
 * replaced once and the elements it spanned are merged, as nbformat would split the result again.
 */
interface Field {
  readonly span: JsonSpan;
  readonly strings: readonly JsonSpan[];
  readonly decoded: readonly string[];
  readonly offsets: readonly number[];
  readonly ranges: { start: number; end: number; ruleId: string }[];
}

/** Where one part of a segment came from: its string and how its text maps into that string. */
interface PartMap {
  readonly start: number;
  readonly length: number;
  readonly pointer: string;
  readonly toString: (offset: number) => number;
}

/** Collects secrets found in notebook segments as edits of the notebook's JSON strings. */
export class NotebookFields {
  private readonly fields = new Map<string, Field>();
  private readonly text: string;
  private readonly index: ReadonlyMap<string, JsonSpan>;

  constructor(text: string, index: ReadonlyMap<string, JsonSpan>) {
    this.text = text;
    this.index = index;
  }

  /** Map each secret of a segment back to the strings it came from; returns the fields touched. */
  add(segment: NotebookSegment, secrets: readonly SecretSpan[]): Set<string> {
    const touched = new Set<string>();
    if (secrets.length === 0) return touched;
    const parts = this.partMaps(segment);
    for (const secret of secrets) {
      const perField = new Map<string, { start: number; end: number }>();
      for (const part of parts) {
        const from = Math.max(secret.start, part.start);
        const to = Math.min(secret.end, part.start + part.length);
        if (from >= to) continue;
        const located = this.fieldOf(part.pointer);
        if (located === undefined) continue;
        const [key, field, element] = located;
        const base = field.offsets[element] ?? 0;
        const start = base + part.toString(from - part.start);
        const end = base + part.toString(to - 1 - part.start) + 1;
        const seen = perField.get(key);
        perField.set(key, {
          start: Math.min(seen?.start ?? start, start),
          end: Math.max(seen?.end ?? end, end),
        });
      }
      for (const [key, range] of perField) {
        this.fields.get(key)?.ranges.push({ ...range, ruleId: secret.ruleId });
        touched.add(key);
      }
    }
    return touched;
  }

  /** One edit per field with secrets; the field's JSON pointer comes with it. */
  edits(ensureAscii: boolean): { pointer: string; edit: TextEdit }[] {
    return [...this.fields.entries()]
      .filter(([, field]) => field.ranges.length > 0)
      .map(([pointer, field]) => ({ pointer, edit: this.fieldEdit(field, ensureAscii) }));
  }

  private partMaps(segment: NotebookSegment): PartMap[] {
    const maps: PartMap[] = [];
    for (const part of segment.parts) {
      const span = this.index.get(part.pointer);
      if (span?.type !== 'string') continue;
      const value = decodeJsonString(this.text.slice(span.start, span.end));
      // Outputs are read with ANSI escapes stripped (JSON mime data is not): find which was done.
      const stripped = stripAnsiMapped(value);
      if (segment.text.startsWith(stripped.text, part.start)) {
        const map = stripped.map;
        const toString = (offset: number): number => map[offset] ?? value.length;
        maps.push({
          start: part.start,
          length: stripped.text.length,
          pointer: part.pointer,
          toString,
        });
      } else if (segment.text.startsWith(value, part.start)) {
        maps.push({
          start: part.start,
          length: value.length,
          pointer: part.pointer,
          toString: (o) => o,
        });
      }
    }
    return maps;
  }

  /** The field holding the string at `pointer` and the string's index in it. */
  private fieldOf(pointer: string): [string, Field, number] | undefined {
    const cut = pointer.lastIndexOf('/');
    const parentPointer = pointer.slice(0, cut);
    const parent = this.index.get(parentPointer);
    const inList =
      parent?.type === 'array' && (parent.elements ?? []).every((e) => e.type === 'string');
    const key = inList ? parentPointer : pointer;
    let field = this.fields.get(key);
    if (field === undefined) {
      const span = inList ? parent : this.index.get(pointer);
      if (span === undefined) return undefined;
      const strings = inList ? (span.elements ?? []) : [span];
      const decoded = strings.map((s) => decodeJsonString(this.text.slice(s.start, s.end)));
      const offsets: number[] = [];
      let at = 0;
      for (const d of decoded) {
        offsets.push(at);
        at += d.length;
      }
      offsets.push(at);
      field = { span, strings, decoded, offsets, ranges: [] };
      this.fields.set(key, field);
    }
    const element = inList ? Number(pointer.slice(cut + 1)) : 0;
    return [key, field, element];
  }

  private fieldEdit(field: Field, ensureAscii: boolean): TextEdit {
    const joined = field.decoded.join('');
    const ranges = mergeRanges(field.ranges);
    const redacted = replaceSpans(joined, ranges);
    if (field.span.type === 'string') {
      return {
        start: field.span.start,
        end: field.span.end,
        text: encodeJsonString(redacted, ensureAscii),
      };
    }
    return this.listEdit(field, ranges, redacted, ensureAscii);
  }

  /**
   * Rewrite the changed stretch of a list of strings: element boundaries inside a replaced range
   * disappear (the elements it spanned become one), the others stay where they were; unchanged
   * elements and the whitespace between elements are copied from the original text.
   */
  private listEdit(
    field: Field,
    ranges: readonly { start: number; end: number; ruleId: string }[],
    redacted: string,
    ensureAscii: boolean,
  ): TextEdit {
    const n = field.strings.length;
    const shift = (offset: number): number => {
      let delta = 0;
      for (const r of ranges) {
        if (r.end <= offset) delta += placeholderLength(r) - (r.end - r.start);
      }
      return offset + delta;
    };
    const inside = (offset: number): boolean =>
      ranges.some((r) => r.start < offset && offset < r.end);
    // Runs of original elements that become one element each.
    const runs: { first: number; last: number; text: string; changed: boolean }[] = [];
    let first = 0;
    for (let i = 1; i <= n; i++) {
      const boundary = field.offsets[i] ?? 0;
      if (i < n && inside(boundary)) continue;
      const text = redacted.slice(shift(field.offsets[first] ?? 0), shift(boundary));
      const changed = i - first > 1 || text !== field.decoded[first];
      runs.push({ first, last: i - 1, text, changed });
      first = i;
    }
    const changedRuns = runs.filter((r) => r.changed);
    const from = changedRuns[0]?.first ?? 0;
    const to = changedRuns.at(-1)?.last ?? n - 1;
    const pieces: string[] = [];
    for (const run of runs) {
      if (run.last < from || run.first > to) continue;
      const last = field.strings[run.last];
      const first = field.strings[run.first];
      if (last === undefined || first === undefined) continue;
      pieces.push(
        run.changed
          ? encodeJsonString(run.text, ensureAscii)
          : this.text.slice(first.start, last.end),
      );
      const next = field.strings[run.last + 1];
      if (run.last < to && next !== undefined) pieces.push(this.text.slice(last.end, next.start));
    }
    const start = field.strings[from]?.start ?? field.span.start;
    const end = field.strings[to]?.end ?? field.span.end;
    return { start, end, text: pieces.join('') };
  }
}

const placeholderLength = (r: { readonly ruleId: string }): number => placeholder(r.ruleId).length;

/** Sort and merge overlapping ranges (the first rule names a merged range). */
function mergeRanges(
  ranges: readonly { start: number; end: number; ruleId: string }[],
): { start: number; end: number; ruleId: string }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; ruleId: string }[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last !== undefined && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
