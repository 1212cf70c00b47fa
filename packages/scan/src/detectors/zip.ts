import { memorySource, sliceSource, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { RATIO_FLOOR_BYTES, ZIP_METHOD, entrySource, inflateEntry, openZip } from '@mlsec/formats';
import type { ZipArchive, ZipEntry } from '@mlsec/formats';
import type { ScanContext } from '../engine/context.ts';
import type { Detector } from '../engine/context.ts';

/** Issue codes of the zip and tar readers and the rule each one raises. */
const ISSUE_RULES: Readonly<Record<string, string>> = {
  NAME_TRAVERSAL: 'archive/path-traversal',
  NAME_ABSOLUTE: 'archive/path-traversal',
  LINK_ESCAPES: 'archive/path-traversal',
  NAME_BACKSLASH: 'archive/suspicious-name',
  NAME_NUL: 'archive/suspicious-name',
  NAME_CONTROL: 'archive/suspicious-name',
  NAME_ENCODING: 'archive/suspicious-name',
  NAME_TOO_LONG: 'archive/suspicious-name',
  ENCRYPTED: 'archive/encrypted-member',
  ODD_FLAGS: 'archive/odd-flags',
  LOCAL_NAME_MISMATCH: 'archive/header-mismatch',
  LOCAL_METHOD_MISMATCH: 'archive/header-mismatch',
  LOCAL_FLAGS_MISMATCH: 'archive/header-mismatch',
  ENTRY_COUNT_MISMATCH: 'archive/header-mismatch',
  LINK_WITH_DATA: 'archive/header-mismatch',
  DUPLICATE_NAME: 'archive/duplicate-member',
  TOO_MANY_ENTRIES: 'archive/too-many-entries',
  UNSUPPORTED_METHOD: 'archive/unsupported-method',
  PREFIXED_DATA: 'archive/prefixed-data',
  OVERLAPPING_ENTRIES: 'archive/overlapping-members',
  BOMB: 'archive/bomb',
  DECOMPRESSED_TOO_LARGE: 'archive/bomb',
  // The member's bytes cannot be located: its content goes unscanned.
  LOCAL_HEADER_MISSING: 'archive/unparseable',
  SIZE_PAST_END: 'archive/unparseable',
};

/**
 * Turn reader issues into findings: mapped codes to their rule, other fatal ones to
 * `archive/unparseable` and the rest to `archive/malformed`. `member` is the member they concern, if any.
 */
export function reportArchiveIssues(
  ctx: ScanContext,
  issues: readonly FormatIssue[],
  member?: string,
): void {
  for (const found of issues) {
    const ruleId =
      ISSUE_RULES[found.code] ?? (found.fatal ? 'archive/unparseable' : 'archive/malformed');
    ctx.report({
      ruleId,
      message: sentence(found.message),
      evidence: { code: found.code, ...(member === undefined ? {} : { member: snippet(member) }) },
      key: [found.code],
      ...(member === undefined ? {} : { member: [member] }),
      ...(found.offset === undefined ? {} : { offset: found.offset }),
    });
  }
}

/** Longest reader message repeated in a finding (two escaped names and some words). */
const MAX_MESSAGE = 480;

/**
 * A reader issue message as a finding sentence. The readers already pass every name through snippet(),
 * so the text is only capitalised and bounded here (escaping it again would double the backslashes).
 */
export function sentence(message: string): string {
  const cut = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return `${cut.charAt(0).toUpperCase()}${cut.slice(1)}.`;
}

/** Report that the decompression budget of this file is spent; scanning compressed members stops. */
function budgetSpent(ctx: ScanContext, member: string): void {
  ctx.report({
    ruleId: 'archive/bomb',
    message: `The decompression budget of ${ctx.limits.maxDecompressedBytes} bytes for this file ran out at member "${snippet(member)}"; the remaining compressed members were not scanned.`,
    evidence: { code: 'BUDGET_EXHAUSTED', member: snippet(member) },
    key: ['BUDGET_EXHAUSTED'],
  });
}

/**
 * Inflate a DEFLATE member within the shared budget and scan it. Returns false once the budget is spent.
 */
async function scanDeflated(ctx: ScanContext, zip: ZipArchive, entry: ZipEntry): Promise<boolean> {
  const cap = Math.min(ctx.limits.maxBytes, ctx.budget.decompressed);
  if (cap <= 0) {
    budgetSpent(ctx, entry.name);
    return false;
  }
  const result = await inflateEntry(zip, entry, { maxBytes: cap });
  if (!result.ok) {
    const overrun = result.issues.find((i) => i.code === 'DECOMPRESSED_TOO_LARGE');
    const bomb = result.issues.some((i) => i.code === 'BOMB');
    if (overrun && cap === ctx.budget.decompressed && cap < ctx.limits.maxBytes) {
      ctx.budget.decompressed = 0;
      budgetSpent(ctx, entry.name);
      return false;
    }
    reportArchiveIssues(ctx, result.issues, entry.name);
    // Charge the work done before the limit stopped it.
    const ratioCap = Math.max(
      RATIO_FLOOR_BYTES,
      entry.compressedSize * ctx.limits.maxCompressionRatio,
    );
    ctx.budget.decompressed -= overrun ? cap : bomb ? Math.min(cap, ratioCap) : 0;
    return true;
  }
  ctx.budget.decompressed -= result.value.length;
  reportArchiveIssues(ctx, result.issues, entry.name);
  await ctx.scanNested(entry.name, memorySource(result.value));
  return true;
}

/**
 * Zip archives (PyTorch checkpoints, .npz, .keras, plain zips): reports what the reader found wrong
 * with the archive and each member, scans any prefix before the first member as `<prefix>`, and hands
 * every member to the engine under its decoded name — stored members as lazy slices (tensor data is
 * read only if a detector asks), deflated ones inflated within `ctx.budget.decompressed`. Members
 * flagged encrypted are scanned anyway, since PyTorch's reader ignores the flag.
 */
export const zipDetector: Detector = {
  id: 'zip',
  formats: ['zip'],
  async run(ctx) {
    const opened = await openZip(ctx.source, ctx.limits);
    reportArchiveIssues(ctx, opened.issues);
    if (!opened.ok) return;
    const zip = opened.value;
    if (zip.prefixLength > 0)
      await ctx.scanNested('<prefix>', sliceSource(ctx.source, 0, zip.prefixLength));
    let inflating = true;
    for (const entry of zip.entries) {
      reportArchiveIssues(ctx, entry.issues, entry.name);
      if (entry.isDirectory || entry.dataOffset === undefined) continue;
      if (entry.method === ZIP_METHOD.stored) {
        const source = entrySource(zip, entry);
        if (source) await ctx.scanNested(entry.name, source);
      } else if (entry.method === ZIP_METHOD.deflate && inflating) {
        inflating = await scanDeflated(ctx, zip, entry);
      }
    }
  },
};
