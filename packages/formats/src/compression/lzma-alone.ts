import { issue } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { DecodeError } from './decode-error.ts';
import { LzmaDecoder, parsePropsByte } from './lzma-decoder.ts';
import type { OutputBuffer } from './output-buffer.ts';
import { RangeDecoder } from './range-decoder.ts';

const HEADER_SIZE = 13;

/**
 * Decode an "LZMA alone" stream (the legacy `.lzma` format; Python's `lzma.FORMAT_ALONE`, which joblib
 * uses for `.lzma` dumps). Header per the LZMA SDK: properties byte, u32 dictionary size, u64
 * uncompressed size (all ones = unknown, then an end marker is mandatory). The dictionary size is not
 * allocated: the output buffer is the dictionary, so memory follows real output, bounded by its cap.
 */
export function decodeLzmaAlone(input: Uint8Array, out: OutputBuffer, issues: FormatIssue[]): void {
  if (input.length < HEADER_SIZE)
    throw new DecodeError('TRUNCATED', 'LZMA header is shorter than 13 bytes', 0);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const props = parsePropsByte(input[0] ?? 0xff);
  if (!props) throw new DecodeError('CORRUPT_DATA', `invalid LZMA properties byte ${input[0]}`, 0);
  const declared = view.getBigUint64(5, true);
  const known = declared !== 0xffffffffffffffffn;
  if (known && declared > BigInt(out.cap)) {
    // Declared larger than we may produce: decode up to the cap, which then reports the overrun.
    issues.push(issue('DECLARED_SIZE_LARGE', `header declares ${declared} uncompressed bytes`, 5));
  }
  const target = known ? Number(declared) : Infinity;
  const decoder = new LzmaDecoder(out);
  decoder.setProps(props);
  const rc = new RangeDecoder(input, HEADER_SIZE, input.length);
  decoder.decode(rc, target, true);
  if (rc.pos < input.length) {
    issues.push(
      issue(
        'TRAILING_DATA',
        `${input.length - rc.pos} bytes follow the end of the LZMA stream`,
        rc.pos,
      ),
    );
  }
}
