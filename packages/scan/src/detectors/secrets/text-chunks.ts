import type { ByteSource } from '@mlsec/core';

/** A piece of a text file, cut at a line boundary. */
export interface TextChunk {
  readonly text: string;
  /** 1-based line number of the chunk's first line in the whole file. */
  readonly firstLine: number;
}

/** Bytes decoded and scanned at once: large enough for any log line, small enough to stay flat in memory. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * Each chunk after the first starts this far (rounded to a line start) before the previous one ended, so
 * a secret spanning a few lines near a cut (a PEM private key is about 1.7 KiB) is seen whole once.
 */
export const OVERLAP_BYTES = 64 * 1024;

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * The first `maxBytes` of a text source as UTF-8 chunks of at most `chunkBytes`, cut after a newline
 * (a line longer than a chunk is cut where the chunk ends; invalid UTF-8 becomes U+FFFD). Consecutive
 * chunks overlap by up to `overlapBytes`, so callers must expect the same match twice.
 */
export async function* readTextChunks(
  source: ByteSource,
  maxBytes: number,
  chunkBytes = CHUNK_BYTES,
  overlapBytes = OVERLAP_BYTES,
): AsyncGenerator<TextChunk> {
  const end = Math.min(source.size, maxBytes);
  const decoder = new TextDecoder('utf-8');
  let start = 0;
  let line = 1;
  while (start < end) {
    const length = Math.min(chunkBytes, end - start);
    const bytes = await source.read(start, length);
    if (bytes.length === 0) return;
    let cut = bytes.length;
    const last = start + bytes.length >= end;
    if (!last) {
      const newline = bytes.lastIndexOf(0x0a);
      if (newline >= 0) cut = newline + 1;
    }
    yield { text: decoder.decode(bytes.subarray(0, cut)), firstLine: line };
    if (last && cut === bytes.length) return;
    // Step back to the first line start within the overlap; always move forward by at least one byte.
    const back = bytes.indexOf(0x0a, Math.max(0, cut - overlapBytes));
    const advance = back >= 0 && back + 1 < cut ? back + 1 : cut;
    line += countNewlines(bytes, advance);
    start += advance;
  }
}
