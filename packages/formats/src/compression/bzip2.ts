import { createRequire } from 'node:module';
import { issue } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { DecodeError, OutputLimitError } from './decode-error.ts';
import { OutputBuffer } from './output-buffer.ts';

/** The part of seek-bzip's (CommonJS, untyped) API used here. */
interface SeekBzip {
  decode(
    input: ByteInput,
    output: { writeByte(byte: number): void },
    multistream: boolean,
  ): unknown;
}

interface ByteInput {
  readByte(): number;
  read(buffer: Uint8Array, offset: number, length: number): number;
  seek(pos: number): void;
}

// seek-bzip (MIT, pure JavaScript, no install scripts) decodes one byte at a time into an output object
// we supply, so the cap is enforced on every byte: decoding stops the moment output would pass it.
// A fixed module name, never one derived from input.
const Bunzip = createRequire(import.meta.url)('seek-bzip') as SeekBzip;

/** Map seek-bzip failures (TypeErrors whose message names the problem) to our codes. */
function translate(error: unknown, offset: number): Error {
  if (error instanceof OutputLimitError || error instanceof DecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/CRC/.test(message)) return new DecodeError('CHECKSUM_MISMATCH', message, offset);
  return new DecodeError('CORRUPT_DATA', message, offset);
}

/**
 * Decode a bzip2 file: one stream or several concatenated (as pbzip2 writes and `bunzip2` / Python's
 * `bz2.decompress` accept). Block and stream CRCs are checked by seek-bzip. Input ends are explicit
 * TRUNCATED errors: the reader never pads with zeros, and seek-bzip's silent stop at end of input is not
 * used (it would accept a file cut at a block boundary).
 */
export function decodeBzip2(input: Uint8Array, cap: number, issues: FormatIssue[]): Uint8Array {
  const out = new OutputBuffer(cap);
  let pos = 0;
  const stream: ByteInput = {
    readByte() {
      if (pos >= input.length) throw new DecodeError('TRUNCATED', 'bzip2 data ends early', pos);
      return input[pos++] ?? 0;
    },
    read(buffer, offset, length) {
      let n = 0;
      while (n < length && pos < input.length) buffer[offset + n++] = input[pos++] ?? 0;
      return n;
    },
    seek(to) {
      pos = to;
    },
  };
  const sink = { writeByte: (byte: number) => out.push(byte) };
  do {
    const start = pos;
    try {
      Bunzip.decode(stream, sink, false);
    } catch (error) {
      throw translate(error, start);
    }
  } while (input[pos] === 0x42 && input[pos + 1] === 0x5a && input[pos + 2] === 0x68);
  if (pos < input.length) {
    issues.push(
      issue('TRAILING_DATA', `${input.length - pos} bytes follow the end of the bzip2 stream`, pos),
    );
  }
  return out.result();
}
