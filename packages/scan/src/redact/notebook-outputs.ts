import { findEnvironmentDumps } from '@mlsec/formats';
import type { NotebookSegment } from '@mlsec/formats';
import type { JsonSpan } from './json-spans.ts';
import { decodeJsonString, encodeJsonString } from './json-text.ts';
import type { TextEdits } from './json-text.ts';

/** Cell metadata that describes outputs, removed with them (nbconvert's ClearOutputPreprocessor). */
const OUTPUT_METADATA = new Set(['collapsed', 'scrolled']);

/** Most variable names a notice lists. */
const MAX_NOTICE_NAMES = 10;

/**
 * Clear every code cell's outputs as `jupyter nbconvert --clear-output` does: `outputs` becomes [],
 * `execution_count` null, and the output-related metadata keys go. Returns the outputs dropped and
 * the cells changed.
 */
export function clearOutputs(
  text: string,
  index: ReadonlyMap<string, JsonSpan>,
  edits: TextEdits,
): { outputs: number; cells: Set<number> } {
  const cells = new Set<number>();
  let outputs = 0;
  const count = index.get('/cells')?.elements?.length ?? 0;
  for (let i = 0; i < count; i++) {
    const at = `/cells/${i}`;
    const type = index.get(`${at}/cell_type`);
    if (type?.type !== 'string' || decodeJsonString(text.slice(type.start, type.end)) !== 'code')
      continue;
    const list = index.get(`${at}/outputs`);
    const dropped = list?.elements?.length ?? 0;
    if (
      list !== undefined &&
      dropped > 0 &&
      edits.add({ start: list.start, end: list.end, text: '[]' })
    ) {
      outputs += dropped;
      cells.add(i);
    }
    const counter = index.get(`${at}/execution_count`);
    if (counter !== undefined && text.slice(counter.start, counter.end) !== 'null') {
      if (edits.add({ start: counter.start, end: counter.end, text: 'null' })) cells.add(i);
    }
    const metadata = index.get(`${at}/metadata`);
    if (metadata?.type === 'object' && removeMembers(metadata, OUTPUT_METADATA, edits))
      cells.add(i);
  }
  return { outputs, cells };
}

/** Remove the named members of an object, with the commas and whitespace that went with them. */
function removeMembers(object: JsonSpan, names: ReadonlySet<string>, edits: TextEdits): boolean {
  const members = object.members ?? [];
  const gone = members.map((m) => names.has(m.name));
  if (!gone.includes(true)) return false;
  if (gone.every(Boolean)) return edits.add({ start: object.start, end: object.end, text: '{}' });
  const firstKept = gone.indexOf(false);
  const leading = members[0];
  const kept = members[firstKept];
  if (firstKept > 0 && leading !== undefined && kept !== undefined) {
    edits.add({ start: leading.keyStart, end: kept.keyStart, text: '' });
  }
  members.forEach((member, j) => {
    const previous = members[j - 1];
    if (j > firstKept && gone[j] === true && previous !== undefined) {
      edits.add({ start: previous.value.end, end: member.value.end, text: '' });
    }
  });
  return true;
}

/**
 * Replace the text of every output that holds an environment dump (`!env`, `%env`, `os.environ`)
 * with a one-line notice naming how many variables it listed and the secret-bearing names (never
 * values). The secrets it held go with it, whatever the rules say about them. Returns the outputs
 * replaced, keyed `cell/output`.
 */
export function replaceEnvironmentDumps(
  text: string,
  index: ReadonlyMap<string, JsonSpan>,
  segments: readonly NotebookSegment[],
  edits: TextEdits,
  ensureAscii: boolean,
): Map<string, number> {
  const dumps = new Map<string, { variables: number; names: Set<string> }>();
  for (const segment of segments) {
    const where = segment.location;
    if (where.kind !== 'output') continue;
    for (const dump of findEnvironmentDumps(segment)) {
      const key = `${where.cell}/${where.output}`;
      const seen = dumps.get(key) ?? { variables: 0, names: new Set<string>() };
      seen.variables += dump.variables;
      for (const name of [...dump.secretNames, ...dump.suspectNames]) seen.names.add(name);
      dumps.set(key, seen);
    }
  }
  const replaced = new Map<string, number>();
  for (const segment of segments) {
    const where = segment.location;
    const key = `${where.cell}/${where.output}`;
    const dump = dumps.get(key);
    // Stream text and mime data are replaceable values; error outputs keep their shape.
    if (dump === undefined || !/\/(?:text|data\/[^/]+)$/.test(where.pointer)) continue;
    const span = index.get(where.pointer);
    if (span === undefined) continue;
    const names = [...dump.names].sort();
    const listed =
      names.length === 0
        ? ''
        : `; secret-bearing: ${names.slice(0, MAX_NOTICE_NAMES).join(', ')}${names.length > MAX_NOTICE_NAMES ? ', …' : ''}`;
    const newline = where.outputType === 'stream' ? '\n' : '';
    const notice = `[mlsec redact: environment dump removed (${dump.variables} variables${listed})]${newline}`;
    const literal = encodeJsonString(notice, ensureAscii);
    const elements = span.elements ?? [];
    const firstElement = elements[0];
    const lastElement = elements.at(-1);
    const value =
      span.type === 'array' && firstElement !== undefined && lastElement !== undefined
        ? `[${text.slice(span.start + 1, firstElement.start)}${literal}${text.slice(lastElement.end, span.end - 1)}]`
        : literal;
    if (edits.add({ start: span.start, end: span.end, text: value })) {
      replaced.set(key, (replaced.get(key) ?? 0) + 1);
    }
  }
  return replaced;
}
