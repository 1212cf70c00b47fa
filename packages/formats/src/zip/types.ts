import type { ByteSource, FormatIssue, Limits } from '@mlsec/core';

/** Compression methods (APPNOTE 6.3.10 §4.4.5) that mlsec can extract, as PyTorch's miniz reader can. */
export const ZIP_METHOD = { stored: 0, deflate: 8 } as const;

/** One member as the central directory describes it, checked against its local header. */
export interface ZipEntry {
  /** Position in the central directory, from 0. */
  readonly index: number;
  /** The name exactly as stored (what loaders compare against). */
  readonly rawName: Uint8Array;
  /** The name decoded as UTF-8 (general purpose bit 11) or CP437, cut to `limits.maxStringLength`. */
  readonly name: string;
  readonly utf8: boolean;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Absolute offset of the local header in the source (prefix already accounted for). */
  readonly localHeaderOffset: number;
  /** Absolute offset of the member data, or undefined when the local header is unusable. */
  readonly dataOffset: number | undefined;
  /** Name ends in '/' (a folder entry; it has no content to scan). */
  readonly isDirectory: boolean;
  /** Unix mode bits from the external attributes when made on Unix (0 otherwise); 0o120000 = symlink. */
  readonly unixMode: number;
  /** Problems with this member (names, flags, method, local header, sizes). */
  readonly issues: readonly FormatIssue[];
}

/** An opened zip archive. Only the central directory and the local headers have been read. */
export interface ZipArchive {
  readonly source: ByteSource;
  readonly limits: Limits;
  readonly entries: readonly ZipEntry[];
  /** Bytes before the first member (or the central directory when there are none): 0 for a plain zip. */
  readonly prefixLength: number;
  /** Absolute offset and size of the central directory. */
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  readonly zip64: boolean;
  /** The archive comment, decoded as CP437 and escaped by callers before display. */
  readonly comment: string;
}
