import { ByteReader, ReadError, issue, snippet, utf8 } from '@mlsec/core';
import type { FormatIssue, Limits } from '@mlsec/core';
import { decodeCp437 } from './cp437.ts';
import { checkMemberName } from './member-name.ts';

// APPNOTE 6.3.10 §4.3.12 central directory file header, §4.5.3 the ZIP64 extended information field.
const CENTRAL_SIG = 0x02014b50;
const CENTRAL_SIZE = 46;
const ZIP64_EXTRA = 0x0001;
const FLAG_UTF8 = 0x0800;

/** A central directory record before its local header has been checked. */
export interface CentralRecord {
  readonly index: number;
  readonly rawName: Uint8Array;
  readonly name: string;
  readonly utf8: boolean;
  readonly versionMadeBy: number;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Offset of the local header as stored (before the prefix shift). */
  readonly localHeaderOffset: number;
  readonly externalAttributes: number;
  readonly issues: FormatIssue[];
}

/** Replace 0xFFFFFFFF fields by their ZIP64 values, in the order §4.5.3 fixes. */
function applyZip64(
  extra: Uint8Array,
  sizes: { usize: number; csize: number; offset: number },
  issues: FormatIssue[],
  at: number,
): void {
  const r = new ByteReader(extra);
  while (r.remaining >= 4) {
    const id = r.u16();
    const size = r.u16();
    if (size > r.remaining) break;
    if (id !== ZIP64_EXTRA) {
      r.skip(size);
      continue;
    }
    const field = new ByteReader(r.bytesView(size));
    try {
      if (sizes.usize === 0xffffffff) sizes.usize = field.u64();
      if (sizes.csize === 0xffffffff) sizes.csize = field.u64();
      if (sizes.offset === 0xffffffff) sizes.offset = field.u64();
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      issues.push(
        issue(
          'ZIP64_EXTRA_BAD',
          `ZIP64 extra field is too short or too large: ${error.message}`,
          at,
        ),
      );
    }
    return;
  }
}

/**
 * Parse the central directory bytes. Stops at `limits.maxEntries` (TOO_MANY_ENTRIES) or at the first
 * record without a signature; a count that disagrees with the end record is reported, since tools that
 * trust the count and tools that trust the size then see different members.
 */
export function parseCentralDirectory(
  cd: Uint8Array,
  cdOffset: number,
  declaredEntries: number,
  limits: Limits,
  issues: FormatIssue[],
): CentralRecord[] {
  const records: CentralRecord[] = [];
  const r = new ByteReader(cd);
  while (r.remaining > 0) {
    const at = cdOffset + r.pos;
    if (records.length >= limits.maxEntries) {
      issues.push(
        issue(
          'TOO_MANY_ENTRIES',
          `more than ${limits.maxEntries} entries; the rest were not read`,
          at,
        ),
      );
      return records;
    }
    try {
      if (r.remaining < CENTRAL_SIZE || r.u32() !== CENTRAL_SIG) {
        issues.push(
          issue(
            'BAD_CENTRAL_HEADER',
            'the central directory holds bytes that are not an entry',
            at,
          ),
        );
        break;
      }
      const versionMadeBy = r.u16();
      r.skip(2);
      const flags = r.u16();
      const method = r.u16();
      r.skip(4);
      const crc32 = r.u32();
      const sizes = { csize: r.u32(), usize: r.u32(), offset: 0 };
      const nameLength = r.u16();
      const extraLength = r.u16();
      const commentLength = r.u16();
      r.skip(4); // disk number start, internal attributes
      const externalAttributes = r.u32();
      sizes.offset = r.u32();
      const rawName = r.bytesView(nameLength);
      const extra = r.bytesView(extraLength);
      r.skip(commentLength);
      const entryIssues: FormatIssue[] = [];
      applyZip64(extra, sizes, entryIssues, at);
      const isUtf8 = (flags & FLAG_UTF8) !== 0;
      let name = isUtf8 ? utf8(rawName) : decodeCp437(rawName);
      if (name.length > limits.maxStringLength) {
        entryIssues.push(
          issue(
            'NAME_TOO_LONG',
            `member name is longer than ${limits.maxStringLength} characters`,
            at,
          ),
        );
        name = name.slice(0, limits.maxStringLength);
      }
      if (isUtf8 && name.includes('\ufffd')) {
        entryIssues.push(
          issue('NAME_ENCODING', `member name "${snippet(name)}" is flagged UTF-8 but is not`, at),
        );
      }
      entryIssues.push(...checkMemberName(name, at));
      records.push({
        index: records.length,
        rawName,
        name,
        utf8: isUtf8,
        versionMadeBy,
        method,
        flags,
        crc32,
        compressedSize: sizes.csize,
        uncompressedSize: sizes.usize,
        localHeaderOffset: sizes.offset,
        externalAttributes,
        issues: entryIssues,
      });
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      issues.push(issue('BAD_CENTRAL_HEADER', `central directory entry: ${error.message}`, at));
      break;
    }
  }
  if (records.length !== declaredEntries) {
    issues.push(
      issue(
        'ENTRY_COUNT_MISMATCH',
        `the end record declares ${declaredEntries} entries, the central directory holds ${records.length}`,
        cdOffset,
      ),
    );
  }
  return records;
}
