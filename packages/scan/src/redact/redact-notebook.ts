import { DEFAULT_LIMITS, MlsecError } from '@mlsec/core';
import { locateInSegment, NOTEBOOK_MAX_JSON_DEPTH, readNotebook } from '@mlsec/formats';
import { indexJsonSpans } from './json-spans.ts';
import { TextEdits, writesAsciiOnly } from './json-text.ts';
import { NotebookFields } from './notebook-fields.ts';
import { clearOutputs, replaceEnvironmentDumps } from './notebook-outputs.ts';
import { findSecretSpans } from './secret-spans.ts';
import type { RedactLocation, RedactOptions } from './types.ts';
import { redactLimits } from './types.ts';

/** What redactNotebookText did, before the re-scan. */
export interface NotebookRedaction {
  readonly text: string;
  readonly redactions: RedactLocation[];
  readonly environmentDumps: number;
  readonly outputsCleared: number;
  readonly cellsTouched: number;
  readonly outputsTouched: number;
}

/**
 * Redact a Jupyter notebook (nbformat v4) in its JSON text: secrets are replaced inside the
 * strings they were decoded from (cell sources, outputs, metadata), outputs holding an environment
 * dump get a notice instead, and with clearOutputs every code cell's outputs go. Only the changed
 * values are rewritten, in nbformat's style (ensure_ascii as the file has it); key order, indent and
 * everything else stay byte-identical, so the diff shows just the redactions.
 */
export function redactNotebookText(
  bytes: Uint8Array,
  options: RedactOptions & { readonly maxBytes: number },
): NotebookRedaction {
  const read = readNotebook(bytes, redactLimits(DEFAULT_LIMITS, options.maxBytes));
  const badUtf8 = read.issues.some((i) => i.code === 'NOTEBOOK_INVALID_UTF8');
  if (!read.ok || badUtf8) {
    const codes = [...new Set(read.issues.filter((i) => i.fatal || badUtf8).map((i) => i.code))];
    throw new MlsecError(
      'SCAN_REDACT_NOTEBOOK_INVALID',
      `the notebook cannot be rewritten safely (${codes.join(', ') || 'unreadable'})`,
    );
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const index = indexJsonSpans(text, NOTEBOOK_MAX_JSON_DEPTH);
  const ascii = writesAsciiOnly(text);
  const edits = new TextEdits();
  const cells = new Set<number>();
  const outputs = new Set<string>();
  let outputsCleared = 0;
  if (options.clearOutputs === true) {
    const cleared = clearOutputs(text, index, edits);
    outputsCleared = cleared.outputs;
    for (const cell of cleared.cells) cells.add(cell);
  }
  const segments = read.value.segments;
  const dumps = replaceEnvironmentDumps(text, index, segments, edits, ascii);
  for (const key of dumps.keys()) {
    outputs.add(key);
    cells.add(Number(key.split('/')[0]));
  }
  const fields = new NotebookFields(text, index);
  const redactions: RedactLocation[] = [];
  const fieldPlaces = new Map<string, { cell?: number; output?: number }>();
  for (const segment of segments) {
    const secrets = findSecretSpans(segment.text, options.config, options.path);
    const where = segment.location;
    for (const secret of secrets) {
      const at = locateInSegment(segment, secret.start);
      redactions.push({
        ruleId: secret.ruleId,
        line: at.line,
        column: at.column,
        ...(where.cell === undefined ? {} : { cell: where.cell }),
        ...(where.cellId === undefined ? {} : { cellId: where.cellId }),
        part: where.kind,
        ...(where.output === undefined ? {} : { output: where.output }),
        pointer: at.pointer,
      });
    }
    for (const key of fields.add(segment, secrets)) {
      fieldPlaces.set(key, {
        ...(where.cell === undefined ? {} : { cell: where.cell }),
        ...(where.output === undefined ? {} : { output: where.output }),
      });
    }
  }
  for (const { pointer, edit } of fields.edits(ascii)) {
    if (!edits.add(edit)) continue; // inside an output already cleared or replaced
    const place = fieldPlaces.get(pointer);
    if (place?.cell !== undefined) cells.add(place.cell);
    if (place?.output !== undefined) outputs.add(`${place.cell}/${place.output}`);
  }
  return {
    text: edits.size === 0 ? text : edits.apply(text),
    redactions,
    environmentDumps: dumps.size,
    outputsCleared,
    cellsTouched: cells.size,
    outputsTouched: outputs.size,
  };
}
