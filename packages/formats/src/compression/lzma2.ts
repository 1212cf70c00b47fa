import { DecodeError } from './decode-error.ts';
import { LzmaDecoder, parsePropsByte } from './lzma-decoder.ts';
import type { OutputBuffer } from './output-buffer.ts';
import { RangeDecoder } from './range-decoder.ts';

/**
 * Decode one LZMA2 stream starting at `start`; returns the offset just past its end byte. Chunk rules
 * follow xz-embedded's `xz_dec_lzma2.c` (the decoder in the Linux kernel): control 0x00 ends the stream,
 * 0x01/0x02 are stored chunks (0x01 resets the dictionary), 0x80–0xFF are LZMA chunks whose bits 5–6 say
 * what to reset; the first chunk must reset the dictionary and a properties reset must precede LZMA data.
 */
export function decodeLzma2(input: Uint8Array, start: number, out: OutputBuffer): number {
  const decoder = new LzmaDecoder(out);
  let pos = start;
  let needDictReset = true;
  let needProps = true;
  const byte = (): number => {
    if (pos >= input.length) throw new DecodeError('TRUNCATED', 'LZMA2 stream ends early', pos);
    return input[pos++] ?? 0;
  };
  for (;;) {
    const at = pos;
    const control = byte();
    if (control === 0x00) return pos;
    if (control >= 0xe0 || control === 0x01) {
      needProps = true;
      needDictReset = false;
      decoder.resetDict();
    } else if (needDictReset) {
      throw new DecodeError('CORRUPT_DATA', 'first LZMA2 chunk does not reset the dictionary', at);
    }
    if (control < 0x80) {
      if (control > 0x02)
        throw new DecodeError('CORRUPT_DATA', `invalid LZMA2 control byte ${control}`, at);
      const size = ((byte() << 8) | byte()) + 1;
      if (pos + size > input.length)
        throw new DecodeError('TRUNCATED', 'stored LZMA2 chunk ends early', pos);
      out.append(input.subarray(pos, pos + size));
      pos += size;
      continue;
    }
    const unpacked = ((control & 0x1f) << 16) + ((byte() << 8) | byte()) + 1;
    const packed = ((byte() << 8) | byte()) + 1;
    if (control >= 0xc0) {
      const props = parsePropsByte(byte());
      if (!props || props.lc + props.lp > 4) {
        throw new DecodeError('CORRUPT_DATA', 'invalid LZMA2 properties', pos - 1);
      }
      needProps = false;
      decoder.setProps(props);
    } else if (needProps) {
      throw new DecodeError('CORRUPT_DATA', 'LZMA2 chunk without properties', at);
    } else if (control >= 0xa0) {
      decoder.resetState();
    }
    const end = pos + packed;
    if (end > input.length) throw new DecodeError('TRUNCATED', 'LZMA2 chunk ends early', pos);
    const rc = new RangeDecoder(input, pos, end);
    decoder.decode(rc, out.length + unpacked, false);
    if (!rc.finishedOk || rc.pos !== end) {
      throw new DecodeError('CORRUPT_DATA', 'LZMA2 chunk size does not match its data', pos);
    }
    pos = end;
  }
}
