import { fail, issue, ok, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { parseCentralDirectory } from './central-directory.ts';
import type { CentralRecord } from './central-directory.ts';
import { decodeCp437 } from './cp437.ts';
import { readEndRecord } from './eocd.ts';
import { checkLocalHeader } from './local-header.ts';
import { ZIP_METHOD } from './types.ts';
import type { ZipArchive, ZipEntry } from './types.ts';

// Why not yauzl: PyTorch loads checkpoints with miniz, which accepts archives yauzl rejects (odd flag
// bits, encrypted-flagged members it reads anyway, prefixed data) and ignores things yauzl enforces. A
// scanner must open everything the loader opens and *report* each difference rather than refuse the file,
// and it must read through a ByteSource so tensor data is never touched. Hence this small reader.

/** General purpose flag bits that change nothing for extraction (§4.4.4): deflate options, descriptor, UTF-8. */
const BENIGN_FLAGS = 0x0002 | 0x0004 | 0x0008 | 0x0800;
const FLAG_ENCRYPTED = 0x0001;
const UNIX_HOST = 3;

function flagIssues(record: CentralRecord, at: number): FormatIssue[] {
  const out: FormatIssue[] = [];
  if (record.flags & FLAG_ENCRYPTED) {
    out.push(issue('ENCRYPTED', `member "${snippet(record.name)}" is flagged as encrypted`, at));
  }
  const odd = record.flags & ~(BENIGN_FLAGS | FLAG_ENCRYPTED);
  if (odd)
    out.push(
      issue(
        'ODD_FLAGS',
        `member "${snippet(record.name)}" sets unusual flag bits 0x${odd.toString(16)}`,
        at,
      ),
    );
  if (record.method !== ZIP_METHOD.stored && record.method !== ZIP_METHOD.deflate) {
    out.push(
      issue(
        'UNSUPPORTED_METHOD',
        `member "${snippet(record.name)}" uses compression method ${record.method}`,
        at,
      ),
    );
  } else if (
    record.method === ZIP_METHOD.stored &&
    record.compressedSize !== record.uncompressedSize
  ) {
    out.push(
      issue(
        'STORED_SIZE_MISMATCH',
        `stored member "${snippet(record.name)}" has different declared sizes`,
        at,
      ),
    );
  }
  return out;
}

/** Report members whose byte ranges overlap (the basis of overlapping-file zip bombs) or run past data. */
function rangeIssues(
  entries: ZipEntry[],
  cdOffset: number,
  issuesOf: Map<number, FormatIssue[]>,
): void {
  const ranges = entries
    .filter((e) => e.dataOffset !== undefined)
    .map((e) => ({ e, start: e.localHeaderOffset, end: (e.dataOffset ?? 0) + e.compressedSize }))
    .sort((a, b) => a.start - b.start);
  let previous: (typeof ranges)[number] | undefined;
  for (const range of ranges) {
    const own = issuesOf.get(range.e.index) ?? [];
    if (range.end > cdOffset) {
      own.push(
        issue(
          'SIZE_PAST_END',
          `member "${snippet(range.e.name)}" runs past the member data area`,
          range.start,
        ),
      );
    }
    if (previous && range.start < previous.end) {
      own.push(
        issue(
          'OVERLAPPING_ENTRIES',
          `member "${snippet(range.e.name)}" overlaps "${snippet(previous.e.name)}"`,
          range.start,
        ),
      );
    }
    if (!previous || range.end > previous.end) previous = range;
  }
}

/**
 * Open a zip archive: find the end record, read the central directory (bounded by `limits.maxBytes` and
 * `limits.maxEntries`) and every local header, and report what differs from a clean archive. Member data
 * is not read; use entrySource() or inflateEntry(). Per-member problems are in `entry.issues`, archive
 * problems in the result's issues.
 *
 * @example
 *   const result = await openZip(source, limits);
 *   if (result.ok) for (const entry of result.value.entries) console.log(entry.name, entry.issues);
 */
export async function openZip(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<ZipArchive>> {
  const issues: FormatIssue[] = [];
  const end = await readEndRecord(source, issues);
  if (!end) return fail(issues);
  if (end.cdSize > limits.maxBytes) {
    issues.push(
      issue(
        'CENTRAL_DIRECTORY_TOO_LARGE',
        `central directory of ${end.cdSize} bytes exceeds the limit`,
        end.cdOffset,
        true,
      ),
    );
    return fail(issues);
  }
  if (end.cdOffset + end.cdSize > source.size) {
    issues.push(
      issue(
        'CENTRAL_DIRECTORY_OUT_OF_RANGE',
        'the central directory lies past the end of the file',
        end.cdOffset,
        true,
      ),
    );
    return fail(issues);
  }
  const cd = await source.read(end.cdOffset, end.cdSize);
  const records = parseCentralDirectory(cd, end.cdOffset, end.entries, limits, issues);
  const seen = new Map<string, number>();
  const entries: ZipEntry[] = [];
  const issuesOf = new Map<number, FormatIssue[]>();
  for (const record of records) {
    const own = record.issues;
    issuesOf.set(record.index, own);
    const localHeaderOffset = record.localHeaderOffset + end.shift;
    own.push(...flagIssues(record, localHeaderOffset));
    const key = Buffer.from(record.rawName).toString('latin1');
    const first = seen.get(key);
    if (first !== undefined) {
      own.push(
        issue(
          'DUPLICATE_NAME',
          `member "${snippet(record.name)}" appears more than once (first at entry ${first})`,
          localHeaderOffset,
        ),
      );
    } else {
      seen.set(key, record.index);
    }
    const dataOffset = await checkLocalHeader(source, record, localHeaderOffset, own);
    entries.push({
      index: record.index,
      rawName: record.rawName,
      name: record.name,
      utf8: record.utf8,
      method: record.method,
      flags: record.flags,
      crc32: record.crc32,
      compressedSize: record.compressedSize,
      uncompressedSize: record.uncompressedSize,
      localHeaderOffset,
      dataOffset,
      isDirectory: record.name.endsWith('/'),
      unixMode: record.versionMadeBy >>> 8 === UNIX_HOST ? record.externalAttributes >>> 16 : 0,
      issues: own,
    });
  }
  rangeIssues(entries, end.cdOffset, issuesOf);
  const firstOffset = entries.reduce((min, e) => Math.min(min, e.localHeaderOffset), end.cdOffset);
  if (firstOffset > 0) {
    issues.push(issue('PREFIXED_DATA', `${firstOffset} bytes precede the first zip member`, 0));
  }
  return ok(
    {
      source,
      limits,
      entries,
      prefixLength: firstOffset,
      centralDirectoryOffset: end.cdOffset,
      centralDirectorySize: end.cdSize,
      zip64: end.zip64,
      comment: decodeCp437(end.comment),
    },
    issues,
  );
}
