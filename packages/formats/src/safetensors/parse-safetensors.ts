import { fail, issue, ok } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { parseJson } from '../json/index.ts';
import { checkLayout } from './check-layout.ts';
import type { SafetensorsHeader, SafetensorsTensor } from './types.ts';
import { validateMetadata, validateTensor } from './validate-entries.ts';

/** The reference implementation refuses headers above 100 MB (MAX_HEADER_SIZE in tensor.rs). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Depth of a valid header: root object → tensor object → shape array. Deeper input is malformed. */
const JSON_DEPTH = 3;

/** The header's JSON issues as SafeTensors issues: limits hit, refused and repeated keys, bad JSON. */
const JSON_CODES = {
  JSON_TOO_DEEP: 'SAFETENSORS_LIMIT_EXCEEDED',
  JSON_TOO_MANY_ENTRIES: 'SAFETENSORS_LIMIT_EXCEEDED',
  JSON_STRING_TOO_LONG: 'SAFETENSORS_LIMIT_EXCEEDED',
  JSON_FORBIDDEN_KEY: 'SAFETENSORS_FORBIDDEN_KEY',
  JSON_DUPLICATE_KEY: 'SAFETENSORS_DUPLICATE_KEY',
  other: 'SAFETENSORS_INVALID_JSON',
} as const;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse the header of a SafeTensors file: an unsigned 64-bit little-endian length N, then N bytes of
 * UTF-8 JSON (padded with spaces), then the byte buffer. Only the 8 + N header bytes are read; a length
 * claim past the file or past the size limit is an issue, never an allocation.
 *
 * @example
 *   const result = await parseSafetensors(memorySource(bytes), DEFAULT_LIMITS);
 *   if (result.ok) for (const t of result.value.tensors) console.log(t.name, t.dtype, t.shape);
 */
export async function parseSafetensors(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<SafetensorsHeader>> {
  const issues: FormatIssue[] = [];
  const size = source.size;
  if (size < 8) {
    return fail([
      issue(
        'SAFETENSORS_TRUNCATED',
        `the file has ${size} bytes, fewer than the 8-byte length prefix`,
        0,
        true,
      ),
    ]);
  }
  const prefix = await source.read(0, 8);
  const claimed = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getBigUint64(
    0,
    true,
  );
  const cap = Math.min(SAFETENSORS_MAX_HEADER, limits.maxBytes);
  if (claimed > BigInt(size - 8)) {
    return fail([
      issue(
        'SAFETENSORS_HEADER_OUT_OF_RANGE',
        `the header length ${claimed} exceeds the ${size - 8} bytes after the prefix`,
        0,
        true,
      ),
    ]);
  }
  if (claimed > BigInt(cap)) {
    return fail([
      issue(
        'SAFETENSORS_HEADER_TOO_LARGE',
        `the header length ${claimed} exceeds the limit of ${cap} bytes`,
        0,
        true,
      ),
    ]);
  }
  const headerLength = Number(claimed);
  const dataStart = 8 + headerLength;
  const bytes = await source.read(8, headerLength);
  if (bytes.length < headerLength) {
    return fail([issue('SAFETENSORS_TRUNCATED', 'the header could not be read in full', 8, true)]);
  }
  let text: string;
  try {
    text = utf8Strict.decode(bytes);
  } catch {
    return fail([issue('SAFETENSORS_INVALID_UTF8', 'the header is not valid UTF-8', 8, true)]);
  }
  if (!text.startsWith('{')) {
    issues.push(issue('SAFETENSORS_INVALID_HEADER_START', 'the header does not start with "{"', 8));
  }
  // Strict RFC 8259 (serde_json, which the reference implementation uses, is strict too), with
  // duplicate keys reported and prototype keys dropped.
  const parsed = parseJson(text, {
    maxDepth: JSON_DEPTH,
    maxEntries: limits.maxEntries,
    maxStringLength: limits.maxStringLength,
    codes: JSON_CODES,
  });
  for (const found of parsed.issues) {
    issues.push(issue(found.code, found.message, 8 + (found.offset ?? 0), found.fatal));
  }
  if (!parsed.ok) return fail(issues);
  const root = parsed.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    issues.push(issue('SAFETENSORS_NOT_AN_OBJECT', 'the header is not a JSON object', 8, true));
    return fail(issues);
  }
  const padding = text.slice(text.replace(/[ \t\n\r]+$/, '').length);
  if (/[^ ]/.test(padding)) {
    issues.push(
      issue(
        'SAFETENSORS_INVALID_PADDING',
        'the header is padded with characters other than spaces',
        8,
      ),
    );
  }

  let metadata: Record<string, string> | undefined;
  const tensors: SafetensorsTensor[] = [];
  for (const [name, value] of Object.entries(root)) {
    if (name === '__metadata__') metadata = validateMetadata(value, issues);
    else {
      const tensor = validateTensor(name, value, issues);
      if (tensor) tensors.push(tensor);
    }
  }
  const { sorted, dataEnd } = checkLayout(tensors, dataStart, size, issues);
  const header: SafetensorsHeader = {
    headerLength,
    dataStart,
    fileSize: size,
    tensors: sorted,
    dataEnd,
    ...(metadata ? { metadata } : {}),
  };
  return ok(header, issues);
}
