/** Which part of a notebook a segment's text came from. */
export type NotebookSegmentKind = 'source' | 'output' | 'metadata';

/** Where a segment sits in the notebook (nbformat v4: https://nbformat.readthedocs.io/en/latest/format_description.html). */
export interface NotebookLocation {
  readonly kind: NotebookSegmentKind;
  /** Index of the cell in `cells` (0-based); absent for the notebook's own metadata. */
  readonly cell?: number;
  /** The cell's `id` (nbformat 4.5+), when it has one. */
  readonly cellId?: string;
  /** The cell's `cell_type` (`code`, `markdown`, `raw`, or whatever the file says). */
  readonly cellType?: string;
  /** Index of the output in the cell's `outputs` (0-based), for output segments. */
  readonly output?: number;
  /** The output's `output_type` (`stream`, `execute_result`, `display_data`, `error`, …). */
  readonly outputType?: string;
  /** `stdout` or `stderr` for stream outputs. */
  readonly stream?: string;
  /** The mime type of an execute_result or display_data segment. */
  readonly mimeType?: string;
  /** JSON pointer (RFC 6901) of the notebook value the segment was decoded from. */
  readonly pointer: string;
}

/** One JSON string (or synthesised label) that a segment's text was joined from. */
export interface NotebookSegmentPart {
  /** Offset in the segment's text where this part begins. */
  readonly start: number;
  /** JSON pointer of the string in the notebook (e.g. `/cells/3/source/5`). */
  readonly pointer: string;
}

/**
 * Decoded text to scan: a cell's source, one output (or one mime type of it), or metadata strings.
 * JSON escapes are undone (`\"` is `"`, `\n` a newline), list-of-strings fields are joined, and
 * ANSI escape sequences are stripped from error tracebacks.
 */
export interface NotebookSegment {
  readonly text: string;
  readonly location: NotebookLocation;
  /** The strings the text was joined from, in order (start offsets ascending, the first at 0). */
  readonly parts: readonly NotebookSegmentPart[];
}

/** A position in a segment mapped back to the notebook. */
export interface NotebookPosition {
  readonly location: NotebookLocation;
  /** 1-based line within the segment (for a source segment: the line of the cell). */
  readonly line: number;
  /** 1-based column within that line, in UTF-16 code units. */
  readonly column: number;
  /** JSON pointer of the string holding the position (an element of a list-of-strings field). */
  readonly pointer: string;
}

/** What readNotebook returns. */
export interface Notebook {
  /** `nbformat` and `nbformat_minor` as the file states them (undefined when missing or not numbers). */
  readonly nbformat?: number;
  readonly nbformatMinor?: number;
  /** Number of cells in the file. */
  readonly cells: number;
  /** The texts to scan, in document order: notebook metadata first, then each cell's source, metadata and outputs. */
  readonly segments: readonly NotebookSegment[];
  /** How many output payloads were skipped as binary (base64 images, PDFs, …). */
  readonly skippedBinary: number;
}
