import { crc32 as zlibCrc32 } from 'node:zlib';

/** CRC-32 (ISO-HDLC, as zip, gzip and xz use it), via node:zlib. */
export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes) >>> 0;
}

// CRC-64/XZ (ECMA-182 polynomial, reflected: 0xC96C5795D7870F42), kept as two 32-bit halves so the
// per-byte loop stays in small integers instead of BigInt.
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;
const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

/** CRC-64 as the xz format stores it (xz file format 1.0.4, §3.4), as 16 lower-case hex digits. */
export function crc64Hex(bytes: Uint8Array): string {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (const b of bytes) {
    const i = (lo ^ b) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ (TABLE_LO[i] ?? 0)) >>> 0;
    hi = ((hi >>> 8) ^ (TABLE_HI[i] ?? 0)) >>> 0;
  }
  hi = (hi ^ 0xffffffff) >>> 0;
  lo = (lo ^ 0xffffffff) >>> 0;
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Lower-case hex of bytes stored little-endian (how xz stores CRC-32 and CRC-64). */
export function leHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = bytes.length - 1; i >= 0; i--) out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return out;
}
