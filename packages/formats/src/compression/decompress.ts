import { ReadError, fail, issue, ok } from '@mlsec/core';
import type { FormatIssue, ParseResult } from '@mlsec/core';
import { decodeBzip2 } from './bzip2.ts';
import { DecodeError, OutputLimitError } from './decode-error.ts';
import { decodeGzip } from './gzip.ts';
import { decodeLzmaAlone } from './lzma-alone.ts';
import { inflateBounded } from './node-zlib.ts';
import { OutputBuffer } from './output-buffer.ts';
import { decodeXz } from './xz.ts';

/** Compressed formats decompress() understands, independent of how the input was identified. */
export const COMPRESSION_KINDS = ['gzip', 'zlib', 'deflate', 'bzip2', 'xz', 'lzma'] as const;

export type CompressionKind = (typeof COMPRESSION_KINDS)[number];

/**
 * Below this much output the ratio test is not applied: tiny inputs (a few bytes of deflate) legitimately
 * expand far more than 1000:1, and a bomb is about large output, not large ratios of small numbers.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface DecompressOptions {
  /** Hard cap on output bytes, enforced while decoding (DECOMPRESSED_TOO_LARGE past it). */
  readonly maxOutputBytes: number;
  /**
   * Largest output/input ratio (e.g. `limits.maxCompressionRatio`): output past
   * max(RATIO_FLOOR_BYTES, input length × ratio) stops decoding with a BOMB issue.
   */
  readonly maxRatio?: number;
}

type Decoder = (input: Uint8Array, cap: number, issues: FormatIssue[]) => Uint8Array;

function lzFamily(
  decode: (input: Uint8Array, out: OutputBuffer, issues: FormatIssue[]) => void,
): Decoder {
  return (input, cap, issues) => {
    const out = new OutputBuffer(cap, input.length * 4);
    decode(input, out, issues);
    return out.result();
  };
}

/** A single zlib or raw-deflate stream; bytes after its end are reported, not decoded. */
function single(kind: 'raw' | 'zlib'): Decoder {
  return (input, cap, issues) => {
    const { output, consumed } = inflateBounded(kind, input, cap);
    if (consumed < input.length) {
      issues.push(
        issue(
          'TRAILING_DATA',
          `${input.length - consumed} bytes follow the end of the stream`,
          consumed,
        ),
      );
    }
    return output;
  };
}

const DECODERS: Readonly<Record<CompressionKind, Decoder>> = {
  gzip: decodeGzip,
  zlib: single('zlib'),
  deflate: single('raw'),
  bzip2: decodeBzip2,
  xz: lzFamily(decodeXz),
  lzma: lzFamily(decodeLzmaAlone),
};

/**
 * Decompress `input` as `kind`, never producing more than `opts.maxOutputBytes` bytes (nor, with
 * `maxRatio`, more than the ratio allows): the cap is enforced while decoding, so a 1 KB xz of 10 GB of
 * zeros stops at the cap with bounded memory. Corrupt, truncated or over-limit input yields issues
 * (fatal ones with `ok: false`); trailing bytes after the stream are a non-fatal TRAILING_DATA issue.
 *
 * @example
 *   const r = await decompress('gzip', bytes, { maxOutputBytes: limits.maxBytes, maxRatio: 1000 });
 *   if (r.ok) scan(r.value);
 */
export function decompress(
  kind: CompressionKind,
  input: Uint8Array,
  opts: DecompressOptions,
): Promise<ParseResult<Uint8Array>> {
  const { maxOutputBytes, maxRatio } = opts;
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) {
    throw new TypeError('maxOutputBytes must be a non-negative safe integer');
  }
  const ratioCap =
    maxRatio === undefined ? Infinity : Math.max(RATIO_FLOOR_BYTES, input.length * maxRatio);
  const cap = Math.min(maxOutputBytes, ratioCap);
  const issues: FormatIssue[] = [];
  try {
    const output = DECODERS[kind](input, cap, issues);
    return Promise.resolve(ok(output, issues));
  } catch (error) {
    if (error instanceof OutputLimitError) {
      issues.push(
        ratioCap < maxOutputBytes
          ? issue(
              'BOMB',
              `${kind} output passes ${maxRatio}:1 of its ${input.length} input bytes; decoding stopped at ${cap} bytes`,
              undefined,
              true,
            )
          : issue(
              'DECOMPRESSED_TOO_LARGE',
              `${kind} output passes the limit of ${cap} bytes; decoding stopped`,
              undefined,
              true,
            ),
      );
    } else if (error instanceof DecodeError || error instanceof ReadError) {
      issues.push(issue(error.code, `${kind}: ${error.message}`, error.offset, true));
    } else {
      throw error;
    }
    return Promise.resolve(fail(issues));
  }
}
