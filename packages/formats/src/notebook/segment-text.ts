import { pointerOf } from '../json/index.ts';
import type { JsonValue } from '../json/index.ts';
import type { NotebookSegmentPart } from './types.ts';

/** Subtrees never scanned: widget binary buffers (base64) in widget state metadata. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(['buffers']);

/** Accumulates a segment's text and the JSON string each piece came from. */
export class SegmentText {
  private readonly chunks: string[] = [];
  private length = 0;
  readonly parts: NotebookSegmentPart[] = [];

  /** Append `text` decoded from the JSON string at `pointer` (a separator when pointer is undefined). */
  add(text: string, pointer?: string): void {
    if (pointer !== undefined && text.length > 0) {
      const last = this.parts.at(-1);
      if (last !== undefined && last.start === this.length) this.parts.pop();
      this.parts.push({ start: this.length, pointer });
    }
    this.chunks.push(text);
    this.length += text.length;
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/**
 * Append an nbformat "multiline string" (a string, or a list of strings joined with `separator`:
 * '' for sources and outputs as Jupyter joins them, '\n' for traceback lines). Returns false when the
 * value is neither; non-string list elements are skipped and also make it return false.
 */
export function addMultiline(
  out: SegmentText,
  value: JsonValue | undefined,
  pointer: string,
  transform: (s: string) => string = (s) => s,
  separator = '',
): boolean {
  if (typeof value === 'string') {
    out.add(transform(value), pointer);
    return true;
  }
  if (!Array.isArray(value)) return false;
  let good = true;
  const lines: readonly JsonValue[] = value;
  lines.forEach((line, index) => {
    if (typeof line !== 'string') {
      good = false;
      return;
    }
    if (index > 0 && separator !== '') out.add(separator);
    out.add(transform(line), pointerOf(pointer, index));
  });
  return good;
}

/**
 * Append every string leaf of a JSON value as a `key: value` line (the key keeps rules that look for
 * `password:` or `token=` context working; list elements are named by their parent key). Numbers and
 * booleans are not secrets and are left out.
 */
export function addLeaves(
  out: SegmentText,
  value: JsonValue,
  pointer: string,
  key: string,
  transform: (s: string) => string = (s) => s,
): void {
  if (typeof value === 'string') {
    out.add(`${key}: `);
    out.add(transform(value), pointer);
    out.add('\n');
  } else if (Array.isArray(value)) {
    const items: readonly JsonValue[] = value;
    items.forEach((item, index) => {
      addLeaves(out, item, pointerOf(pointer, index), key, transform);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [name, member] of Object.entries(value)) {
      if (SKIPPED_KEYS.has(name)) continue;
      addLeaves(out, member, pointerOf(pointer, name), name, transform);
    }
  }
}
