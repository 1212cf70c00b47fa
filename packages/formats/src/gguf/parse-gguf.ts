import { ReadError, fail, issue, ok, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { GGUF_DEFAULT_ALIGNMENT } from './constants.ts';
import { GgufError, GgufValueReader } from './read-metadata.ts';
import { checkTensorLayout, readTensorInfo } from './read-tensor-infos.ts';
import { SourceCursor } from './source-cursor.ts';
import type { GgufEntry, GgufFile, GgufTensorInfo } from './types.ts';

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32

/** `general.alignment` must be a non-zero power of two stored as uint32 (gguf.md). */
function alignmentOf(entry: GgufEntry | undefined, issues: FormatIssue[]): number {
  if (!entry) return GGUF_DEFAULT_ALIGNMENT;
  const value = entry.value;
  if (
    entry.type !== 'uint32' ||
    typeof value !== 'number' ||
    value === 0 ||
    (value & (value - 1)) !== 0
  ) {
    issues.push(
      issue(
        'GGUF_INVALID_ALIGNMENT',
        'general.alignment is not a power-of-two uint32',
        entry.offset,
      ),
    );
    return GGUF_DEFAULT_ALIGNMENT;
  }
  return value;
}

/**
 * Parse a GGUF file (versions 1 to 3, little-endian; ggml docs/gguf.md): header, every metadata
 * key/value, every tensor info. Reads forward through the source in chunks and never reads tensor
 * data. On a fatal problem the result is not ok but carries what was read so far as `partial`, so a
 * scanner can still check the metadata of a truncated file.
 *
 * @example
 *   const result = await parseGguf(source, DEFAULT_LIMITS);
 *   const template = (result.ok ? result.value : result.partial)?.metadata.get('tokenizer.chat_template');
 */
export async function parseGguf(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<GgufFile>> {
  const issues: FormatIssue[] = [];
  const cursor = new SourceCursor(source);
  const entries: GgufEntry[] = [];
  const metadata = new Map<string, GgufEntry>();
  const tensors: GgufTensorInfo[] = [];
  let version = 0;
  let tensorCount = 0;
  let kvCount = 0;
  let alignment = GGUF_DEFAULT_ALIGNMENT;
  const snapshot = (dataStart: number): GgufFile => ({
    version,
    tensorCount,
    kvCount,
    entries,
    metadata,
    tensors,
    alignment,
    dataStart,
    fileSize: source.size,
  });
  try {
    await cursor.need(4);
    if (cursor.u32() !== MAGIC)
      return fail([issue('GGUF_BAD_MAGIC', 'the file does not start with GGUF', 0, true)]);
    await cursor.need(4);
    version = cursor.u32();
    if (version < 1 || version > 3) {
      // A big-endian file stores version 3 as 0x03000000.
      const bigEndian = (version & 0xffffff) === 0 && version >>> 24 <= 3;
      const hint = bigEndian ? ' (big-endian GGUF is not supported)' : '';
      return fail([
        issue('GGUF_UNSUPPORTED_VERSION', `version ${version} is not 1, 2 or 3${hint}`, 4, true),
      ]);
    }
    const values = new GgufValueReader(cursor, limits, issues, version);
    const tensors64 = await values.count();
    const kvs64 = await values.count();
    for (const [n, what] of [
      [kvs64, 'metadata entries'],
      [tensors64, 'tensors'],
    ] as const) {
      if (n > BigInt(limits.maxEntries)) {
        throw new GgufError(
          'GGUF_LIMIT_EXCEEDED',
          `${n} ${what} exceed the limit of ${limits.maxEntries}`,
          8,
        );
      }
    }
    tensorCount = Number(tensors64);
    kvCount = Number(kvs64);
    for (let i = 0; i < kvCount; i++) {
      const offset = cursor.pos;
      values.truncated = false;
      const key = await values.string('a metadata key');
      const type = await values.valueType();
      const value = await values.value(type, key);
      const entry: GgufEntry = { key, type, value, truncated: values.truncated, offset };
      entries.push(entry);
      if (metadata.has(key)) {
        // llama.cpp refuses duplicate keys while other readers keep the first or last: report it.
        issues.push(
          issue(
            'GGUF_DUPLICATE_KEY',
            `the metadata key "${snippet(key, 80)}" appears twice`,
            offset,
          ),
        );
      } else {
        metadata.set(key, entry);
      }
    }
    alignment = alignmentOf(metadata.get('general.alignment'), issues);
    for (let i = 0; i < tensorCount; i++)
      tensors.push(await readTensorInfo(cursor, values, version, issues));
    const dataStart = Math.ceil(cursor.pos / alignment) * alignment;
    checkTensorLayout(tensors, alignment, dataStart, source.size, issues);
    return ok(snapshot(dataStart), issues);
  } catch (error) {
    if (error instanceof GgufError) issues.push(issue(error.code, error.message, error.at, true));
    else if (error instanceof ReadError) {
      issues.push(
        issue('GGUF_TRUNCATED', `the file ends early: ${error.message}`, error.offset, true),
      );
    } else throw error;
    return fail(issues, snapshot(cursor.pos));
  }
}
