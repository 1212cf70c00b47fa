/** Decompression of gzip, zlib, raw deflate, bzip2, xz and LZMA-alone with a hard cap on output. */
export { decompress, COMPRESSION_KINDS, RATIO_FLOOR_BYTES } from './decompress.ts';
export type { CompressionKind, DecompressOptions } from './decompress.ts';
export { parseGzipHeader } from './gzip.ts';
export type { GzipHeader } from './gzip.ts';
export { crc32 } from './checksums.ts';
