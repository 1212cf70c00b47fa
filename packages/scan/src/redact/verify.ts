import { DEFAULT_LIMITS } from '@mlsec/core';
import { findEnvironmentDumps, locateInSegment, readNotebook } from '@mlsec/formats';
import { detectSecrets } from '../secrets/index.ts';
import type { SecretsConfig } from '../secrets/index.ts';
import { REDACT_SALT, lineColumn } from './secret-spans.ts';
import type { RedactLocation } from './types.ts';
import { REDACT_MAX_BYTES, redactLimits } from './types.ts';

const isSpan = (f: { fileOnly?: true; secretEnd: number; secretStart: number }): boolean =>
  f.fileOnly !== true && f.secretEnd > f.secretStart;

/** What the rules still find in a redacted text file. */
export function remainingInText(
  text: string,
  config: SecretsConfig,
  path: string | undefined,
): RedactLocation[] {
  const options = { salt: REDACT_SALT, ...(path === undefined ? {} : { path }) };
  return detectSecrets(text, config, options)
    .filter(isSpan)
    .map((f) => ({ ruleId: f.ruleId, ...lineColumn(text, f.secretStart) }));
}

/**
 * What the rules still find in a redacted notebook: in every segment Jupyter shows (sources,
 * outputs, metadata), environment dumps left in outputs, and in the raw JSON text (strings the
 * reader does not show, such as a duplicate key's first value); a raw hit already seen in a
 * segment is not repeated.
 */
export function remainingInNotebook(
  bytes: Uint8Array,
  config: SecretsConfig,
  path: string | undefined,
): RedactLocation[] {
  const options = { salt: REDACT_SALT, ...(path === undefined ? {} : { path }) };
  const read = readNotebook(
    bytes,
    redactLimits(DEFAULT_LIMITS, Math.max(REDACT_MAX_BYTES, bytes.length)),
  );
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const out: RedactLocation[] = [];
  const seen = new Set<string>();
  for (const segment of read.ok ? read.value.segments : []) {
    const where = segment.location;
    const place = {
      ...(where.cell === undefined ? {} : { cell: where.cell }),
      ...(where.cellId === undefined ? {} : { cellId: where.cellId }),
      ...(where.output === undefined ? {} : { output: where.output }),
      part: where.kind,
    };
    for (const f of detectSecrets(segment.text, config, options).filter(isSpan)) {
      seen.add(f.fingerprint);
      const at = locateInSegment(segment, f.secretStart);
      out.push({
        ruleId: f.ruleId,
        line: at.line,
        column: at.column,
        ...place,
        pointer: at.pointer,
      });
    }
    if (where.kind !== 'output') continue;
    for (const dump of findEnvironmentDumps(segment)) {
      out.push({
        ruleId: 'environment-dump',
        line: dump.line,
        column: 1,
        ...place,
        pointer: where.pointer,
      });
    }
  }
  for (const f of detectSecrets(text, config, options).filter(isSpan)) {
    if (seen.has(f.fingerprint)) continue;
    out.push({ ruleId: f.ruleId, ...lineColumn(text, f.secretStart), part: 'raw' });
  }
  if (!read.ok) out.push({ ruleId: 'notebook-unreadable', line: 1, column: 1, part: 'raw' });
  return out;
}
