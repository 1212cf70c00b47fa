import { memorySource, readAll, sliceSource } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { decompress, parseGzipHeader } from '@mlsec/formats';
import type { CompressionKind, FormatId } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { sentence } from './zip.ts';

const KINDS: Partial<Readonly<Record<FormatId, CompressionKind>>> = {
  gzip: 'gzip',
  zlib: 'zlib',
  bzip2: 'bzip2',
  xz: 'xz',
  lzma: 'lzma',
};

function ruleFor(found: FormatIssue): string {
  if (found.code === 'BOMB' || found.code === 'DECOMPRESSED_TOO_LARGE') return 'compression/bomb';
  if (found.code === 'TRAILING_DATA') return 'compression/trailing-data';
  return 'compression/unparseable';
}

function reportIssue(ctx: ScanContext, found: FormatIssue): void {
  ctx.report({
    ruleId: ruleFor(found),
    // A non-fatal oddity (an unverified check type) left the content scannable: not a high finding.
    ...(found.fatal || ruleFor(found) !== 'compression/unparseable'
      ? {}
      : { severity: 'medium' as const }),
    message: sentence(found.message),
    evidence: { code: found.code },
    key: [found.code],
    ...(found.offset === undefined ? {} : { offset: found.offset }),
  });
}

/** The name the payload is scanned under: gzip's FNAME when the producer stored one. */
function payloadName(kind: CompressionKind, input: Uint8Array): string {
  if (kind !== 'gzip') return '<decompressed>';
  const header = parseGzipHeader(input);
  return header.ok && header.value.name ? header.value.name : '<decompressed>';
}

/**
 * Compressed streams (gzip, zlib, bzip2, xz, LZMA-alone as joblib writes it): decompresses within
 * `limits.maxBytes`, the compression-ratio limit and what is left of `ctx.budget.decompressed`, reports
 * bombs, corruption and trailing data, and scans the payload (and any trailing bytes) as nested content.
 */
export const compressedDetector: Detector = {
  id: 'compressed',
  formats: ['gzip', 'zlib', 'bzip2', 'xz', 'lzma'],
  async run(ctx) {
    const kind = KINDS[ctx.format];
    if (!kind) return;
    if (ctx.source.size > ctx.limits.maxBytes) {
      ctx.report({
        ruleId: 'compression/unparseable',
        message: `The ${kind} stream of ${ctx.source.size} bytes is larger than the ${ctx.limits.maxBytes}-byte read limit and was not decompressed.`,
        evidence: { code: 'INPUT_TOO_LARGE' },
        key: ['INPUT_TOO_LARGE'],
      });
      return;
    }
    const cap = Math.min(ctx.limits.maxBytes, ctx.budget.decompressed);
    if (cap <= 0) {
      ctx.report({
        ruleId: 'compression/bomb',
        message: `The decompression budget of ${ctx.limits.maxDecompressedBytes} bytes for this file ran out before this ${kind} stream.`,
        evidence: { code: 'BUDGET_EXHAUSTED' },
        key: ['BUDGET_EXHAUSTED'],
      });
      return;
    }
    const input = await readAll(ctx.source);
    const result = await decompress(kind, input, {
      maxOutputBytes: cap,
      maxRatio: ctx.limits.maxCompressionRatio,
    });
    for (const found of result.issues) reportIssue(ctx, found);
    if (!result.ok) {
      if (result.issues.some((i) => i.code === 'DECOMPRESSED_TOO_LARGE'))
        ctx.budget.decompressed -= cap;
      return;
    }
    ctx.budget.decompressed -= result.value.length;
    await ctx.scanNested(payloadName(kind, input), memorySource(result.value));
    const trailing = result.issues.find((i) => i.code === 'TRAILING_DATA');
    if (trailing?.offset !== undefined) {
      await ctx.scanNested(
        '<trailing-data>',
        sliceSource(ctx.source, trailing.offset, ctx.source.size - trailing.offset),
      );
    }
  },
};
