import { snippet } from '@mlsec/core';
import { pointerOf } from '../json/index.ts';
import type { JsonObject, JsonValue } from '../json/index.ts';
import { stripAnsi } from './ansi.ts';
import { isTextMime } from './text-mime.ts';
import { SegmentText, addLeaves, addMultiline } from './segment-text.ts';
import type { SegmentSink } from './segment-sink.ts';
import type { NotebookLocation } from './types.ts';

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where the cell holding the outputs is: the first fields of every output segment's location. */
export type CellPlace = Pick<NotebookLocation, 'cell' | 'cellId' | 'cellType'>;

/**
 * Read a code cell's `outputs` (nbformat v4 §outputs): stream text, execute_result and display_data
 * mime bundles (text-like types only), and error name, value and traceback. ANSI escape sequences are
 * stripped from every output (colours in tracebacks, pip and logging output break token boundaries).
 */
export function readOutputs(
  sink: SegmentSink,
  outputs: readonly JsonValue[],
  pointer: string,
  place: CellPlace,
): void {
  outputs.forEach((output, index) => {
    const at = pointerOf(pointer, index);
    if (!isObject(output)) {
      sink.warn('NOTEBOOK_BAD_OUTPUT', `output ${at} is not an object`);
      return;
    }
    const type = typeof output['output_type'] === 'string' ? output['output_type'] : '';
    const where = { ...place, kind: 'output', output: index, outputType: type } as const;
    if (type === 'stream') readStream(sink, output, at, where);
    else if (type === 'execute_result' || type === 'display_data')
      readBundle(sink, output, at, where);
    else if (type === 'error') readError(sink, output, at, where);
    else {
      sink.warn('NOTEBOOK_UNKNOWN_OUTPUT_TYPE', `output ${at} has type "${snippet(type, 40)}"`);
      const text = new SegmentText();
      addLeaves(text, output, at, 'output', stripAnsi);
      sink.push(text, { ...where, pointer: at });
    }
  });
}

function readStream(
  sink: SegmentSink,
  output: JsonObject,
  at: string,
  where: Omit<NotebookLocation, 'pointer'>,
): void {
  const text = new SegmentText();
  const pointer = pointerOf(at, 'text');
  if (!addMultiline(text, output['text'], pointer, stripAnsi)) {
    sink.warn('NOTEBOOK_BAD_OUTPUT', `${pointer} is not a string or a list of strings`);
  }
  const stream = typeof output['name'] === 'string' ? { stream: output['name'] } : {};
  sink.push(text, { ...where, ...stream, pointer });
}

function readBundle(
  sink: SegmentSink,
  output: JsonObject,
  at: string,
  where: Omit<NotebookLocation, 'pointer'>,
): void {
  const data = output['data'];
  const dataAt = pointerOf(at, 'data');
  if (data === undefined) return;
  if (!isObject(data)) {
    sink.warn('NOTEBOOK_BAD_OUTPUT', `${dataAt} is not a mime bundle`);
    return;
  }
  for (const [mime, value] of Object.entries(data)) {
    if (!isTextMime(mime)) {
      sink.skippedBinary++;
      continue;
    }
    const pointer = pointerOf(dataAt, mime);
    const text = new SegmentText();
    // JSON mime types are stored as JSON values, not strings (nbformat v4 mimebundle).
    if (!addMultiline(text, value, pointer, stripAnsi)) addLeaves(text, value, pointer, mime);
    sink.push(text, { ...where, mimeType: mime, pointer });
  }
}

function readError(
  sink: SegmentSink,
  output: JsonObject,
  at: string,
  where: Omit<NotebookLocation, 'pointer'>,
): void {
  const text = new SegmentText();
  for (const field of ['ename', 'evalue'] as const) {
    const value = output[field];
    if (typeof value === 'string') text.add(`${stripAnsi(value)}\n`, pointerOf(at, field));
    else if (value !== undefined)
      sink.warn('NOTEBOOK_BAD_OUTPUT', `${at}/${field} is not a string`);
  }
  const traceback = pointerOf(at, 'traceback');
  // IPython prints the traceback list joined with newlines.
  if (
    output['traceback'] !== undefined &&
    !addMultiline(text, output['traceback'], traceback, stripAnsi, '\n')
  ) {
    sink.warn('NOTEBOOK_BAD_OUTPUT', `${traceback} is not a list of strings`);
  }
  sink.push(text, { ...where, pointer: at });
}
