import { fail, issue, ok } from '@mlsec/core';
import type { FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { PYTHON_JSON_LOADS, parseJson, pointerOf } from '../json/index.ts';
import type { JsonObject, JsonValue } from '../json/index.ts';
import { readOutputs } from './read-outputs.ts';
import { SegmentLimit, SegmentSink } from './segment-sink.ts';
import { SegmentText, addLeaves, addMultiline } from './segment-text.ts';
import type { Notebook } from './types.ts';

/**
 * Deepest JSON nesting read in a notebook. limits.maxDepth bounds archive nesting (8 by default),
 * far too shallow for notebook JSON: cells/i/outputs/j/data/application~1json is already 6 deep, and
 * widget state and JSON outputs nest further.
 */
export const NOTEBOOK_MAX_JSON_DEPTH = 64;

/** parseJson's codes as readNotebook reports them. */
const JSON_CODES = {
  JSON_TOO_DEEP: 'NOTEBOOK_JSON_TOO_DEEP',
  JSON_TOO_MANY_VALUES: 'NOTEBOOK_JSON_TOO_LARGE',
  JSON_TOO_MANY_ENTRIES: 'NOTEBOOK_JSON_TOO_LARGE',
  JSON_STRING_TOO_LONG: 'NOTEBOOK_STRING_TOO_LONG',
  other: 'NOTEBOOK_JSON_SYNTAX',
} as const;

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Read a Jupyter notebook (nbformat v4) into the texts a secret scanner should see, each decoded from
 * its JSON string (so `\"hf_…\"` is read as `"hf_…"`) and located by cell, output and JSON pointer:
 * the notebook metadata (all string leaves, widget state included, binary `buffers` skipped), each
 * cell's source and metadata, and each output (stream text; text-like mime types of execute_result
 * and display_data, base64 payloads skipped; error name, value and traceback), ANSI escapes stripped
 * from outputs. Markdown attachments (base64 mime bundles) and outputs' own metadata are not read.
 *
 * JSON is read as Jupyter reads it (Python's json.loads: the last of duplicate keys wins) with the
 * shared bounded parser: limits.maxBytes for the input, limits.maxStringLength per string,
 * limits.maxEntries per object or array and for the number of segments, limits.maxOps values in
 * all, NOTEBOOK_MAX_JSON_DEPTH nesting. Never throws; issue codes are NOTEBOOK_ISSUE_CODES.
 *
 * @example
 * const result = readNotebook(bytes, limits);
 * for (const segment of result.ok ? result.value.segments : (result.partial?.segments ?? [])) {
 *   for (const match of rules.scan(segment.text)) report(locateInSegment(segment, match.index));
 * }
 */
export function readNotebook(bytes: Uint8Array, limits: Limits): ParseResult<Notebook> {
  if (bytes.length === 0) return fail([issue('NOTEBOOK_EMPTY', 'the notebook is empty', 0, true)]);
  if (bytes.length > limits.maxBytes) {
    const message = `the notebook is ${bytes.length} bytes, more than ${limits.maxBytes}`;
    return fail([issue('NOTEBOOK_TOO_LARGE', message, 0, true)]);
  }
  const issues: FormatIssue[] = [];
  const text = decodeUtf8(bytes, issues);
  const parsed = parseJson(text, {
    ...PYTHON_JSON_LOADS,
    allowBom: true,
    maxDepth: NOTEBOOK_MAX_JSON_DEPTH,
    maxValues: limits.maxOps,
    maxEntries: limits.maxEntries,
    maxStringLength: limits.maxStringLength,
    codes: JSON_CODES,
  });
  if (!parsed.ok) return fail([...issues, ...parsed.issues]);
  issues.push(...parsed.issues);
  const root = parsed.value;
  const version = isObject(root) ? root['nbformat'] : undefined;
  if (
    isObject(root) &&
    (Array.isArray(root['worksheets']) || (typeof version === 'number' && version < 4))
  ) {
    const message = `nbformat ${typeof version === 'number' ? version : '?'} notebooks (worksheets) are not read`;
    return fail([...issues, issue('NOTEBOOK_UNSUPPORTED_VERSION', message, undefined, true)]);
  }
  if (!isObject(root) || !Array.isArray(root['cells'])) {
    const message = 'not a notebook: no top-level object with a "cells" array';
    return fail([...issues, issue('NOTEBOOK_NOT_A_NOTEBOOK', message, undefined, true)]);
  }
  const cells: readonly JsonValue[] = root['cells'];
  const sink = new SegmentSink(limits.maxEntries);
  const notebook = (): Notebook => ({
    ...(typeof version === 'number' ? { nbformat: version } : {}),
    ...(typeof root['nbformat_minor'] === 'number'
      ? { nbformatMinor: root['nbformat_minor'] }
      : {}),
    cells: cells.length,
    segments: sink.segments,
    skippedBinary: sink.skippedBinary,
  });
  try {
    if (root['metadata'] !== undefined) {
      const meta = new SegmentText();
      addLeaves(meta, root['metadata'], '/metadata', 'metadata');
      sink.push(meta, { kind: 'metadata', pointer: '/metadata' });
    }
    cells.forEach((cell, index) => readCell(sink, cell, index));
  } catch (error) {
    if (!(error instanceof SegmentLimit)) throw error;
    const message = `more than ${limits.maxEntries} texts to scan in the notebook`;
    const all = [
      ...issues,
      ...sink.issues,
      issue('NOTEBOOK_TOO_MANY_SEGMENTS', message, undefined, true),
    ];
    return fail(all, notebook());
  }
  return ok(notebook(), [...issues, ...sink.issues]);
}

/** Jupyter opens notebooks as UTF-8; invalid sequences are read as U+FFFD with one warning. */
function decodeUtf8(bytes: Uint8Array, issues: FormatIssue[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    issues.push(issue('NOTEBOOK_INVALID_UTF8', 'the notebook is not valid UTF-8'));
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  }
}

function readCell(sink: SegmentSink, cell: JsonValue, index: number): void {
  const at = pointerOf('/cells', index);
  if (!isObject(cell)) {
    sink.warn('NOTEBOOK_BAD_CELL', `cell ${index} is not an object`);
    return;
  }
  const place = {
    cell: index,
    ...(typeof cell['id'] === 'string' ? { cellId: cell['id'] } : {}),
    ...(typeof cell['cell_type'] === 'string' ? { cellType: cell['cell_type'] } : {}),
  };
  const source = new SegmentText();
  const sourceAt = pointerOf(at, 'source');
  if (!addMultiline(source, cell['source'], sourceAt) && cell['source'] !== undefined) {
    sink.warn(
      'NOTEBOOK_BAD_CELL',
      `the source of cell ${index} is not a string or a list of strings`,
    );
  }
  sink.push(source, { ...place, kind: 'source', pointer: sourceAt });
  if (cell['metadata'] !== undefined) {
    const meta = new SegmentText();
    const metaAt = pointerOf(at, 'metadata');
    addLeaves(meta, cell['metadata'], metaAt, 'metadata');
    sink.push(meta, { ...place, kind: 'metadata', pointer: metaAt });
  }
  if (Array.isArray(cell['outputs']))
    readOutputs(sink, cell['outputs'], pointerOf(at, 'outputs'), place);
  else if (cell['outputs'] !== undefined) {
    sink.warn('NOTEBOOK_BAD_CELL', `the outputs of cell ${index} are not a list`);
  }
}
