import { ByteReader, ReadError, issue } from '@mlsec/core';
import type { ByteSource, FormatIssue } from '@mlsec/core';

// APPNOTE 6.3.10: §4.3.16 end of central directory record, §4.3.14/§4.3.15 the ZIP64 record and locator.
const EOCD64_SIG = 0x06064b50;
const LOCATOR_SIG = 0x07064b50;
const EOCD_SIZE = 22;
const EOCD64_SIZE = 56;
const LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;

/** Where the central directory is, after ZIP64 and prefix corrections. */
export interface EndRecord {
  readonly entries: number;
  readonly cdOffset: number;
  readonly cdSize: number;
  /** Bytes to add to every stored offset: data prepended to the zip (a JPEG, a stub). */
  readonly shift: number;
  readonly zip64: boolean;
  readonly comment: Uint8Array;
}

/** Index of the last end record signature ('PK\x05\x06', 0x06054b50) that leaves room for the record. */
function lastSignature(tail: Uint8Array): number {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06)
      return i;
  }
  return -1;
}

/**
 * Find the end record by scanning back from the end, as miniz (PyTorch's reader) and Python's zipfile
 * both do: the last signature wins. Offsets are then taken relative to where the central directory
 * really ends (Python's "concat"), so a zip appended to other data still opens — and the prefix is
 * reported by the caller.
 */
export async function readEndRecord(
  source: ByteSource,
  issues: FormatIssue[],
): Promise<EndRecord | undefined> {
  // Try the record without a comment first (as Python does), then the whole 64 KiB a comment can span:
  // a plain checkpoint never has its tensor bytes read here.
  let tail: Uint8Array = new Uint8Array(0);
  let tailStart = source.size;
  let at = -1;
  for (const window of [EOCD_SIZE, EOCD_SIZE + MAX_COMMENT]) {
    const tailLength = Math.min(source.size, window);
    tailStart = source.size - tailLength;
    tail = await source.read(tailStart, tailLength);
    at = lastSignature(tail);
    if (at >= 0 || tailLength === source.size) break;
  }
  if (at < 0) {
    issues.push(
      issue(
        'NO_END_RECORD',
        'no end-of-central-directory record in the last 64 KiB',
        undefined,
        true,
      ),
    );
    return undefined;
  }
  const r = new ByteReader(tail, at);
  const eocdPos = tailStart + at;
  r.u32();
  const disk = r.u16();
  const cdDisk = r.u16();
  const entriesOnDisk = r.u16();
  let entries = r.u16();
  let cdSize = r.u32();
  let cdOffset = r.u32();
  const commentLength = r.u16();
  const comment = tail.subarray(
    at + EOCD_SIZE,
    Math.min(tail.length, at + EOCD_SIZE + commentLength),
  );
  if (at + EOCD_SIZE + commentLength !== tail.length) {
    issues.push(
      issue(
        'END_RECORD_COMMENT_MISMATCH',
        `the archive comment length (${commentLength}) does not reach the end of the file`,
        eocdPos,
      ),
    );
  }
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entries) {
    issues.push(issue('MULTI_DISK', 'the archive claims to span several disks', eocdPos));
  }
  let zip64 = false;
  let endOfCd = eocdPos;
  if (eocdPos >= LOCATOR_SIZE) {
    const loc = new ByteReader(await source.read(eocdPos - LOCATOR_SIZE, LOCATOR_SIZE));
    if (loc.u32() === LOCATOR_SIG) {
      const record = await readZip64(source, eocdPos - LOCATOR_SIZE, loc, issues);
      if (!record) return undefined;
      ({ entries, cdSize, cdOffset, endOfCd } = record);
      zip64 = true;
    } else if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      issues.push(
        issue(
          'ZIP64_LOCATOR_MISSING',
          'end record needs ZIP64 values but no ZIP64 locator precedes it',
          eocdPos,
          true,
        ),
      );
      return undefined;
    }
  }
  const shift = endOfCd - cdSize - cdOffset;
  if (shift < 0) {
    issues.push(
      issue(
        'CENTRAL_DIRECTORY_OUT_OF_RANGE',
        'the central directory overlaps its end record',
        eocdPos,
        true,
      ),
    );
    return undefined;
  }
  return { entries, cdOffset: cdOffset + shift, cdSize, shift, zip64, comment };
}

async function readZip64(
  source: ByteSource,
  locatorPos: number,
  loc: ByteReader,
  issues: FormatIssue[],
): Promise<{ entries: number; cdSize: number; cdOffset: number; endOfCd: number } | undefined> {
  try {
    loc.u32(); // disk with the ZIP64 end record
    const stated = loc.u64();
    // Python reads the record right before the locator; miniz seeks to the stated offset. Try both.
    for (const pos of [locatorPos - EOCD64_SIZE, stated]) {
      if (pos < 0 || pos + EOCD64_SIZE > source.size) continue;
      const r = new ByteReader(await source.read(pos, EOCD64_SIZE));
      if (r.u32() !== EOCD64_SIG) continue;
      r.skip(8 + 2 + 2 + 4 + 4); // record size, versions, disk numbers
      const entriesOnDisk = r.u64();
      const entries = r.u64();
      const cdSize = r.u64();
      const cdOffset = r.u64();
      if (entriesOnDisk !== entries)
        issues.push(issue('MULTI_DISK', 'ZIP64 record counts differ per disk', pos));
      return { entries, cdSize, cdOffset, endOfCd: pos };
    }
    issues.push(
      issue(
        'ZIP64_RECORD_MISSING',
        'the ZIP64 locator points at no ZIP64 end record',
        locatorPos,
        true,
      ),
    );
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    issues.push(
      issue('ZIP64_RECORD_MISSING', `ZIP64 end record: ${error.message}`, locatorPos, true),
    );
  }
  return undefined;
}
