import { ByteReader, issue, sha256Hex } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { crc32, crc64Hex, leHex } from './checksums.ts';
import { DecodeError } from './decode-error.ts';
import { decodeLzma2 } from './lzma2.ts';
import type { OutputBuffer } from './output-buffer.ts';

// The .xz file format, version 1.0.4 (tukaani.org/xz/xz-file-format.txt); section numbers below cite it.
const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const FILTER_LZMA2 = 0x21;
/** Check field sizes by check id (§2.1.1.2). */
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];

function corrupt(message: string, offset: number): DecodeError {
  return new DecodeError('CORRUPT_DATA', message, offset);
}

/** Multibyte integer (§1.2): 7 bits a byte, at most 9 bytes, no redundant trailing zero byte. */
function varint(r: ByteReader): number {
  const at = r.pos;
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const b = r.u8();
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (b === 0 && i > 0) throw corrupt('redundant multibyte integer encoding', at);
      if (!Number.isSafeInteger(value)) throw corrupt('integer too large', at);
      return value;
    }
  }
  throw corrupt('multibyte integer longer than 9 bytes', at);
}

function expectCrc32(r: ByteReader, from: number, to: number, what: string): void {
  const stored = r.u32();
  if (stored !== crc32(r.bytes.subarray(from, to))) throw corrupt(`${what} CRC32 mismatch`, from);
}

/** Stream header (§2.1.1): magic, flags (check id), CRC32. Returns the check id. */
function streamHeader(r: ByteReader): number {
  const at = r.pos;
  if (!MAGIC.every((b) => r.u8() === b)) throw corrupt('not an xz stream header', at);
  const f0 = r.u8();
  const f1 = r.u8();
  expectCrc32(r, at + 6, at + 8, 'stream header');
  if (f0 !== 0 || f1 > 0x0f)
    throw new DecodeError('UNSUPPORTED_FEATURE', 'reserved stream flags are set', at + 6);
  return f1;
}

interface BlockRecord {
  readonly unpadded: number;
  readonly uncompressed: number;
}

/** One block (§3): header, LZMA2 data, padding, check. Only a single LZMA2 filter is supported. */
function block(
  r: ByteReader,
  check: number,
  out: OutputBuffer,
  issues: FormatIssue[],
): BlockRecord {
  const start = r.pos;
  const headerSize = (r.u8() + 1) * 4;
  r.need(headerSize - 1);
  const flags = r.u8();
  if (flags & 0x3c)
    throw new DecodeError('UNSUPPORTED_FEATURE', 'reserved block flags are set', start + 1);
  const compressed = flags & 0x40 ? varint(r) : undefined;
  const uncompressed = flags & 0x80 ? varint(r) : undefined;
  const filters = (flags & 0x03) + 1;
  for (let i = 0; i < filters; i++) {
    const id = varint(r);
    const propsSize = varint(r);
    r.skip(propsSize);
    if (id !== FILTER_LZMA2 || filters !== 1) {
      throw new DecodeError(
        'UNSUPPORTED_FILTER',
        `xz filter 0x${id.toString(16)} is not supported`,
        start,
      );
    }
  }
  if (r.pos > start + headerSize - 4) throw corrupt('block header overruns its size', start);
  while (r.pos < start + headerSize - 4)
    if (r.u8() !== 0) throw corrupt('non-zero block header padding', r.pos - 1);
  expectCrc32(r, start, start + headerSize - 4, 'block header');
  const dataStart = r.pos;
  const outStart = out.length;
  r.pos = decodeLzma2(r.bytes, dataStart, out);
  const produced = out.length - outStart;
  if (compressed !== undefined && compressed !== r.pos - dataStart)
    throw corrupt('block compressed size mismatch', start);
  if (uncompressed !== undefined && uncompressed !== produced)
    throw corrupt('block uncompressed size mismatch', start);
  const unpadded = r.pos - start + (CHECK_SIZES[check] ?? 0);
  while ((r.pos - start) % 4 !== 0)
    if (r.u8() !== 0) throw corrupt('non-zero block padding', r.pos - 1);
  const stored = r.bytesView(CHECK_SIZES[check] ?? 0);
  const data = out.view(outStart);
  const actual =
    check === 1
      ? crc32(data).toString(16).padStart(8, '0')
      : check === 4
        ? crc64Hex(data)
        : check === 10
          ? sha256Hex(data)
          : undefined;
  const expected = check === 10 ? Buffer.from(stored).toString('hex') : leHex(stored);
  if (actual === undefined && check !== 0) {
    issues.push(issue('UNSUPPORTED_CHECK', `xz check type ${check} was not verified`, start));
  } else if (actual !== undefined && actual !== expected) {
    throw new DecodeError('CHECKSUM_MISMATCH', 'xz block check does not match its data', start);
  }
  return { unpadded, uncompressed: produced };
}

/** Index (§4) and stream footer (§2.1.2); both must agree with the blocks actually read. */
function indexAndFooter(r: ByteReader, check: number, blocks: readonly BlockRecord[]): void {
  const start = r.pos;
  r.u8(); // the 0x00 index indicator, already seen by the caller
  const count = varint(r);
  if (count !== blocks.length) throw corrupt('xz index lists a different number of blocks', start);
  for (const b of blocks) {
    if (varint(r) !== b.unpadded || varint(r) !== b.uncompressed)
      throw corrupt('xz index disagrees with blocks', start);
  }
  while ((r.pos - start) % 4 !== 0)
    if (r.u8() !== 0) throw corrupt('non-zero index padding', r.pos - 1);
  expectCrc32(r, start, r.pos, 'index');
  const footer = r.pos;
  const crc = r.u32();
  const backward = (r.u32() + 1) * 4;
  const f0 = r.u8();
  const f1 = r.u8();
  if (r.u8() !== 0x59 || r.u8() !== 0x5a) throw corrupt('missing xz footer magic', footer + 10);
  if (crc !== crc32(r.bytes.subarray(footer + 4, footer + 10)))
    throw corrupt('stream footer CRC32 mismatch', footer);
  if (f0 !== 0 || f1 !== check || backward !== footer - start)
    throw corrupt('stream footer disagrees with header', footer);
}

/**
 * Decode an .xz file: one or more streams (concatenated, with zero stream padding between them, as
 * `xz` and Python's `lzma.decompress` accept), each of blocks with a single LZMA2 filter. Checks
 * (CRC32, CRC64, SHA-256) are verified; other filters (BCJ, delta) are reported as unsupported.
 */
export function decodeXz(input: Uint8Array, out: OutputBuffer, issues: FormatIssue[]): void {
  const r = new ByteReader(input);
  let streams = 0;
  while (!r.done) {
    if (streams > 0 && input[r.pos] === 0) {
      // Stream padding (§2.2): zero bytes, a multiple of four.
      const at = r.pos;
      while (!r.done && input[r.pos] === 0) r.pos++;
      if ((r.pos - at) % 4 !== 0) throw corrupt('stream padding is not a multiple of four', at);
      continue;
    }
    if (streams > 0 && input[r.pos] !== MAGIC[0]) {
      issues.push(
        issue('TRAILING_DATA', `${r.remaining} bytes follow the end of the xz stream`, r.pos),
      );
      return;
    }
    const check = streamHeader(r);
    const blocks: BlockRecord[] = [];
    while (input[r.pos] !== 0x00) {
      r.need(1);
      blocks.push(block(r, check, out, issues));
    }
    indexAndFooter(r, check, blocks);
    streams += 1;
  }
  if (streams === 0) throw new DecodeError('TRUNCATED', 'empty input', 0);
}
