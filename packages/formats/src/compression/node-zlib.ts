import { constants as bufferConstants } from 'node:buffer';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { DecodeError, OutputLimitError } from './decode-error.ts';

/** What node:zlib consumed and produced for one stream. */
export interface InflateResult {
  readonly output: Buffer;
  /** Compressed bytes the stream occupied (anything after it is not part of it). */
  readonly consumed: number;
}

/**
 * Inflate one raw-deflate (RFC 1951) or zlib (RFC 1950) stream with node:zlib, stopping once the output
 * would exceed `cap`: `maxOutputLength` makes zlib give up as soon as it has produced that much, so
 * memory stays bounded by the cap however small the input is. node:zlib errors become DecodeErrors.
 */
export function inflateBounded(
  kind: 'raw' | 'zlib',
  input: Uint8Array,
  cap: number,
  offset = 0,
): InflateResult {
  // maxOutputLength must be at least 1; a cap of 0 is enforced by the length check below.
  const maxOutputLength = Math.max(1, Math.min(cap, bufferConstants.MAX_LENGTH));
  try {
    const options = { maxOutputLength, info: true } as const;
    // With `info: true` zlib returns the engine too (its bytesWritten is the input consumed); the
    // @types/node signature does not model that option.
    const result = (kind === 'raw'
      ? inflateRawSync(input, options)
      : inflateSync(input, options)) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    const { buffer, engine } = result;
    if (buffer.length > cap) throw new OutputLimitError(cap);
    return { output: buffer, consumed: engine.bytesWritten };
  } catch (error) {
    throw translate(error, cap, offset);
  }
}

function translate(error: unknown, cap: number, offset: number): Error {
  if (error instanceof OutputLimitError || error instanceof DecodeError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_BUFFER_TOO_LARGE') return new OutputLimitError(cap);
  if (code === 'Z_BUF_ERROR')
    return new DecodeError('TRUNCATED', `compressed data ends early (${message})`, offset);
  if (/data check/.test(message)) return new DecodeError('CHECKSUM_MISMATCH', message, offset);
  return new DecodeError('CORRUPT_DATA', message, offset);
}
