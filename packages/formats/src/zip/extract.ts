import { fail, issue, ok, sliceSource, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue, ParseResult } from '@mlsec/core';
import { RATIO_FLOOR_BYTES, crc32, decompress } from '../compression/index.ts';
import { ZIP_METHOD } from './types.ts';
import type { ZipArchive, ZipEntry } from './types.ts';

/** Options for reading a member's content into memory. */
export interface ExtractOptions {
  /** Most bytes of output to produce; more is DECOMPRESSED_TOO_LARGE. */
  readonly maxBytes: number;
}

/**
 * A ByteSource over a STORED member's bytes, without reading them (a 10 GB tensor stays on disk).
 * Undefined when the member is compressed or its local header is unusable.
 */
export function entrySource(archive: ZipArchive, entry: ZipEntry): ByteSource | undefined {
  if (entry.method !== ZIP_METHOD.stored || entry.dataOffset === undefined) return undefined;
  return sliceSource(archive.source, entry.dataOffset, entry.compressedSize);
}

/** Checks shared by both methods before any member byte is read. */
function precheck(archive: ZipArchive, entry: ZipEntry, maxBytes: number): FormatIssue | undefined {
  const name = snippet(entry.name);
  if (entry.dataOffset === undefined)
    return issue(
      'LOCAL_HEADER_MISSING',
      `member "${name}" has no usable local header`,
      entry.localHeaderOffset,
      true,
    );
  if (entry.dataOffset + entry.compressedSize > archive.source.size) {
    return issue(
      'SIZE_PAST_END',
      `member "${name}" runs past the end of the file`,
      entry.dataOffset,
      true,
    );
  }
  // Deflate never shrinks data by much less than its input, so a larger input cannot fit the output cap.
  if (entry.compressedSize > maxBytes + 1024) {
    return issue(
      'DECOMPRESSED_TOO_LARGE',
      `member "${name}" is larger than the limit of ${maxBytes} bytes`,
      entry.dataOffset,
      true,
    );
  }
  return undefined;
}

function verify(entry: ZipEntry, output: Uint8Array, issues: FormatIssue[]): void {
  const name = snippet(entry.name);
  if (output.length !== entry.uncompressedSize) {
    issues.push(
      issue(
        'SIZE_MISMATCH',
        `member "${name}" holds ${output.length} bytes, not the declared ${entry.uncompressedSize}`,
        entry.dataOffset,
      ),
    );
  }
  if (crc32(output) !== entry.crc32) {
    issues.push(
      issue('CRC_MISMATCH', `member "${name}" does not match its CRC-32`, entry.dataOffset),
    );
  }
}

/**
 * Inflate a DEFLATE member into memory, stopping at `maxBytes` (DECOMPRESSED_TOO_LARGE) or once output
 * passes `limits.maxCompressionRatio` times the input (BOMB); a declared ratio over the limit is a BOMB
 * before anything is read. Size and CRC-32 are checked against the central directory.
 */
export async function inflateEntry(
  archive: ZipArchive,
  entry: ZipEntry,
  opts: ExtractOptions,
): Promise<ParseResult<Uint8Array>> {
  const name = snippet(entry.name);
  if (entry.method !== ZIP_METHOD.deflate) {
    return fail([
      issue(
        'UNSUPPORTED_METHOD',
        `member "${name}" is not deflated (method ${entry.method})`,
        entry.dataOffset,
        true,
      ),
    ]);
  }
  const bad = precheck(archive, entry, opts.maxBytes);
  if (bad) return fail([bad]);
  const ratio = archive.limits.maxCompressionRatio;
  if (
    entry.uncompressedSize > RATIO_FLOOR_BYTES &&
    entry.uncompressedSize > Math.max(1, entry.compressedSize) * ratio
  ) {
    return fail([
      issue(
        'BOMB',
        `member "${name}" declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} (over ${ratio}:1)`,
        entry.dataOffset,
        true,
      ),
    ]);
  }
  const input = await archive.source.read(entry.dataOffset ?? 0, entry.compressedSize);
  const result = await decompress('deflate', input, {
    maxOutputBytes: opts.maxBytes,
    maxRatio: ratio,
  });
  const issues = result.issues.map((i) => ({ ...i, message: `member "${name}": ${i.message}` }));
  if (!result.ok) return fail(issues);
  verify(entry, result.value, issues);
  return ok(result.value, issues);
}

/** Read a member's content into memory, stored or deflated, with the checks of inflateEntry(). */
export async function readEntry(
  archive: ZipArchive,
  entry: ZipEntry,
  opts: ExtractOptions,
): Promise<ParseResult<Uint8Array>> {
  if (entry.method !== ZIP_METHOD.stored) return inflateEntry(archive, entry, opts);
  const bad = precheck(archive, entry, opts.maxBytes);
  if (bad) return fail([bad]);
  if (entry.compressedSize > opts.maxBytes) {
    return fail([
      issue(
        'DECOMPRESSED_TOO_LARGE',
        `member "${snippet(entry.name)}" is larger than the limit of ${opts.maxBytes} bytes`,
        entry.dataOffset,
        true,
      ),
    ]);
  }
  const output = await archive.source.read(entry.dataOffset ?? 0, entry.compressedSize);
  const issues: FormatIssue[] = [];
  verify(entry, output, issues);
  return ok(output, issues);
}
