import type { NotebookPosition, NotebookSegment } from './types.ts';

/**
 * Map an offset in a segment's text (e.g. where a secret rule matched) back to the notebook: the
 * segment's location, the 1-based line and column within the segment (for a source segment, the
 * line of the cell), and the JSON pointer of the string holding that offset (`/cells/3/source/5`
 * when the source is a list of lines). Offsets outside the text are clamped to it.
 */
export function locateInSegment(segment: NotebookSegment, offset: number): NotebookPosition {
  const text = segment.text;
  const at = Math.max(0, Math.min(Math.trunc(offset), text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return {
    location: segment.location,
    line,
    column: at - lineStart + 1,
    pointer: partAt(segment, at),
  };
}

/** The pointer of the last part starting at or before `at` (binary search: parts are sorted). */
function partAt(segment: NotebookSegment, at: number): string {
  const parts = segment.parts;
  let low = 0;
  let high = parts.length - 1;
  let found = segment.location.pointer;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const part = parts[mid];
    if (part === undefined) break;
    if (part.start <= at) {
      found = part.pointer;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
