import { ByteReader, ReadError, fail, issue, latin1, ok } from '@mlsec/core';
import type { FormatIssue, ParseResult } from '@mlsec/core';
import { crc32 } from './checksums.ts';
import { DecodeError, OutputLimitError } from './decode-error.ts';
import { inflateBounded } from './node-zlib.ts';

/** The fields of a gzip member header (RFC 1952 §2.3) that a scanner reports. */
export interface GzipHeader {
  /** FNAME: the original file name (ISO 8859-1), if the producer stored one. */
  readonly name?: string;
  readonly comment?: string;
  readonly mtime: number;
  readonly os: number;
  /** Length of the header; the deflate data starts here. */
  readonly headerLength: number;
}

const FTEXT_FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const MAX_FIELD = 64 * 1024;

/** A zero-terminated ISO 8859-1 field, at most MAX_FIELD bytes. */
function cString(r: ByteReader): string {
  const start = r.pos;
  const end = Math.min(r.length, start + MAX_FIELD);
  for (let i = start; i < end; i++) {
    if (r.bytes[i] === 0) {
      r.pos = i + 1;
      return latin1(r.bytes.subarray(start, i));
    }
  }
  throw new ReadError(
    end === r.length ? 'TRUNCATED' : 'STRING_TOO_LONG',
    'unterminated gzip header field',
    start,
  );
}

/** Parse the gzip member header at `offset` (RFC 1952 §2.3.1). */
export function parseGzipHeader(bytes: Uint8Array, offset = 0): ParseResult<GzipHeader> {
  const r = new ByteReader(bytes, offset);
  try {
    if (r.u8() !== 0x1f || r.u8() !== 0x8b)
      return fail([issue('BAD_MAGIC', 'not a gzip member', offset, true)]);
    const method = r.u8();
    if (method !== 8)
      return fail([
        issue('UNSUPPORTED_METHOD', `gzip method ${method} is not deflate`, offset + 2, true),
      ]);
    const flags = r.u8();
    if (flags & 0xe0)
      return fail([issue('CORRUPT_DATA', 'reserved gzip flag bits are set', offset + 3, true)]);
    const mtime = r.u32();
    r.skip(1); // XFL
    const os = r.u8();
    if (flags & FEXTRA) r.skip(r.u16());
    const name = flags & FNAME ? cString(r) : undefined;
    const comment = flags & FCOMMENT ? cString(r) : undefined;
    if (flags & FTEXT_FHCRC) r.skip(2);
    const header: { -readonly [K in keyof GzipHeader]: GzipHeader[K] } = {
      mtime,
      os,
      headerLength: r.pos - offset,
    };
    if (name !== undefined) header.name = name;
    if (comment !== undefined) header.comment = comment;
    return ok(header);
  } catch (error) {
    if (error instanceof ReadError)
      return fail([issue(error.code, `gzip header: ${error.message}`, error.offset, true)]);
    throw error;
  }
}

/**
 * Decode every member of a gzip file (RFC 1952 §2.2: members may be concatenated; `gzip -d` and Python
 * join them). Each member's CRC32 and ISIZE are checked. Zero padding after the last member is accepted
 * as gzip does; other trailing bytes are reported, since a tool that ignores them would hide them.
 */
export function decodeGzip(input: Uint8Array, cap: number, issues: FormatIssue[]): Uint8Array {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  do {
    const header = parseGzipHeader(input, pos);
    if (!header.ok) {
      const first = header.issues[0];
      throw new DecodeError(
        first?.code ?? 'CORRUPT_DATA',
        first?.message ?? 'bad gzip header',
        pos,
      );
    }
    const bodyStart = pos + header.value.headerLength;
    const { output, consumed } = inflateBounded(
      'raw',
      input.subarray(bodyStart),
      cap - total,
      bodyStart,
    );
    const trailer = bodyStart + consumed;
    if (trailer + 8 > input.length)
      throw new DecodeError('TRUNCATED', 'gzip trailer is missing', trailer);
    const view = new DataView(input.buffer, input.byteOffset + trailer, 8);
    if (view.getUint32(0, true) !== crc32(output)) {
      throw new DecodeError(
        'CHECKSUM_MISMATCH',
        'gzip member CRC32 does not match its data',
        trailer,
      );
    }
    if (view.getUint32(4, true) !== output.length % 2 ** 32) {
      throw new DecodeError(
        'CORRUPT_DATA',
        'gzip member ISIZE does not match its data',
        trailer + 4,
      );
    }
    parts.push(output);
    total += output.length;
    if (total > cap) throw new OutputLimitError(cap);
    pos = trailer + 8;
  } while (input[pos] === 0x1f && input[pos + 1] === 0x8b);
  const rest = input.subarray(pos);
  if (rest.some((b) => b !== 0)) {
    issues.push(issue('TRAILING_DATA', `${rest.length} bytes follow the last gzip member`, pos));
  }
  return parts.length === 1 ? (parts[0] ?? new Uint8Array(0)) : Buffer.concat(parts, total);
}
