import { findEnvironmentDumps, locateInSegment, readNotebook } from '@mlsec/formats';
import type { NotebookLocation, NotebookSegment } from '@mlsec/formats';
import { snippet } from '@mlsec/core';
import type { ScanContext } from '../../engine/context.ts';
import type { SecretsSettings } from '../../engine/settings.ts';
import type { SecretCollector } from './collect.ts';

/** 'source', 'output 2 (stream stdout)', 'output 1 (execute_result text/plain)', 'metadata'. */
function partName(location: NotebookLocation): string {
  if (location.kind !== 'output') return location.kind;
  const detail = [location.outputType, location.stream ?? location.mimeType]
    .filter((part) => part !== undefined)
    .join(' ');
  return `output ${(location.output ?? 0) + 1}${detail ? ` (${snippet(detail, 60)})` : ''}`;
}

/** Most secret names listed in one environment-dump message. */
const MAX_NAMES = 12;

/** Where an environment dump sits: a notebook output, or lines of a text file (firstLine: its first line). */
export interface DumpPlace {
  readonly cell?: number;
  readonly part?: string;
  readonly pointer?: string;
  readonly firstLine?: number;
}

/** Report every environment dump in a text (names of variables only, never values). */
export function reportDumps(ctx: ScanContext, text: string, at: DumpPlace): void {
  for (const dump of findEnvironmentDumps({ text })) {
    const names = [...dump.secretNames, ...dump.suspectNames];
    const shown = names.slice(0, MAX_NAMES).map((name) => snippet(name, 60));
    const listed =
      names.length === 0
        ? 'none known to hold a secret'
        : `${names.length} that may hold secrets: ${shown.join(', ')}${names.length > MAX_NAMES ? ', …' : ''}`;
    const hidden =
      dump.hiddenNames.length > 0 ? ` (${dump.hiddenNames.length} of them masked)` : '';
    const line = dump.line + (at.firstLine ?? 1) - 1;
    const subject = at.cell !== undefined ? `Cell ${at.cell} ${at.part ?? 'output'}` : 'The file';
    ctx.report({
      ruleId: 'secrets/environment-dump',
      message: `${subject} lists ${dump.variables} environment variables, ${listed}${hidden}.`,
      // A dump that names no secret variable is still worth a look, but not a high finding.
      ...(names.length === 0 ? { severity: 'medium' as const } : {}),
      line,
      ...(at.cell !== undefined ? { cell: at.cell } : {}),
      evidence: {
        form: dump.form,
        variables: dump.variables,
        secretNames: shown.join(','),
        hiddenNames: dump.hiddenNames.slice(0, MAX_NAMES).join(','),
        ...(at.part !== undefined ? { part: at.part } : {}),
      },
      key: [`${at.cell ?? 0}`, at.pointer ?? '', `${line}`],
    });
  }
}

/** Scan decoded notebook texts (see readNotebook). */
function scanSegments(
  ctx: ScanContext,
  segments: readonly NotebookSegment[],
  settings: SecretsSettings,
  path: string,
  collector: SecretCollector,
): void {
  for (const segment of segments) {
    const cell = segment.location.cell === undefined ? undefined : segment.location.cell + 1;
    const part = partName(segment.location);
    collector.scan(segment.text, settings, path, (finding) => {
      const at = locateInSegment(segment, finding.secretStart);
      return {
        line: at.line,
        column: at.column,
        ...(cell !== undefined ? { cell } : {}),
        part,
        pointer: at.pointer,
      };
    });
    if (segment.location.kind === 'output') {
      reportDumps(ctx, segment.text, {
        ...(cell !== undefined ? { cell } : {}),
        part,
        pointer: segment.location.pointer,
      });
    }
  }
}

/**
 * Scan a notebook cell by cell. Returns false when it could not be decoded at all (the caller then
 * scans it as plain text); a partial read is scanned as far as it goes and reported.
 */
export function scanNotebook(
  ctx: ScanContext,
  bytes: Uint8Array,
  settings: SecretsSettings,
  path: string,
  collector: SecretCollector,
): boolean {
  const result = readNotebook(bytes, ctx.limits);
  if (result.ok) {
    scanSegments(ctx, result.value.segments, settings, path, collector);
    return true;
  }
  const first = result.issues[0];
  ctx.report({
    ruleId: 'secrets/notebook-unreadable',
    message: `The notebook could not be decoded (${snippet(first?.code ?? 'unknown', 40)}: ${snippet(first?.message ?? '', 120)}); it was scanned as plain text.`,
    evidence: { code: snippet(first?.code ?? 'unknown', 40) },
  });
  if (result.partial) scanSegments(ctx, result.partial.segments, settings, path, collector);
  return false;
}
