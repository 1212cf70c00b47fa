import { latin1, utf8 } from '@mlsec/core';

/** A NUL-terminated text field of a header block. */
export function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return utf8(end < 0 ? field : field.subarray(0, end));
}

/**
 * A numeric field: octal digits padded with spaces or NULs, or (GNU, star) base-256 when the first byte
 * has its high bit set — how sizes of 8 GiB and more are stored. Undefined when malformed or negative.
 */
export function numeric(block: Uint8Array, start: number, length: number): number | undefined {
  const first = block[start] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) return undefined; // negative base-256
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) {
      value = value * 256 + (block[start + i] ?? 0);
      if (!Number.isSafeInteger(value)) return undefined;
    }
    return value;
  }
  const digits = latin1(block.subarray(start, start + length))
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) return undefined;
  return parseInt(digits, 8);
}

/** The header checksum (ustar: the sum of all bytes with the checksum field taken as spaces). */
export function checksums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return { unsigned, signed };
}

/**
 * Parse pax extended header records, `"%d %s=%s\n"` (POSIX pax "pax Extended Header"). Returns undefined
 * when a record is malformed.
 */
export function paxRecords(data: Uint8Array): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // NUL padding after the last record
    let space = pos;
    while (space < data.length && space - pos < 20 && data[space] !== 0x20) space++;
    const length = Number(latin1(data.subarray(pos, space)));
    if (
      data[space] !== 0x20 ||
      !Number.isSafeInteger(length) ||
      length <= space - pos ||
      pos + length > data.length
    ) {
      return undefined;
    }
    const record = data.subarray(space + 1, pos + length);
    if (record[record.length - 1] !== 0x0a) return undefined;
    const eq = record.indexOf(0x3d);
    if (eq < 0) return undefined;
    out.set(utf8(record.subarray(0, eq)), utf8(record.subarray(eq + 1, record.length - 1)));
    pos += length;
  }
  return out;
}
