import { ByteReader, issue, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue } from '@mlsec/core';
import type { CentralRecord } from './central-directory.ts';

// APPNOTE 6.3.10 §4.3.7 local file header.
const LOCAL_SIG = 0x04034b50;
const LOCAL_SIZE = 30;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Read the local header at `offset` and compare it with the central record. Loaders locate data through
 * the local header (its name and extra lengths), so the data offset comes from it; a name or method that
 * differs from the central one means scanners that list the central directory and extractors that walk
 * local headers see different files — a known evasion. Returns the data offset, or undefined.
 */
export async function checkLocalHeader(
  source: ByteSource,
  record: CentralRecord,
  offset: number,
  issues: FormatIssue[],
): Promise<number | undefined> {
  if (offset + LOCAL_SIZE > source.size) {
    issues.push(
      issue('LOCAL_HEADER_MISSING', 'the local header lies past the end of the file', offset),
    );
    return undefined;
  }
  const bytes = await source.read(offset, LOCAL_SIZE + record.rawName.length);
  const r = new ByteReader(bytes);
  if (bytes.length < LOCAL_SIZE || r.u32() !== LOCAL_SIG) {
    issues.push(
      issue(
        'LOCAL_HEADER_MISSING',
        'no local header signature where the central directory points',
        offset,
      ),
    );
    return undefined;
  }
  r.skip(2);
  const flags = r.u16();
  const method = r.u16();
  r.skip(16);
  const nameLength = r.u16();
  const extraLength = r.u16();
  const localName = bytes.subarray(LOCAL_SIZE, LOCAL_SIZE + nameLength);
  if (nameLength !== record.rawName.length || !sameBytes(localName, record.rawName)) {
    const shown = snippet(Buffer.from(localName).toString('latin1'));
    issues.push(
      issue(
        'LOCAL_NAME_MISMATCH',
        `the local header names "${shown}", the central directory "${snippet(record.name)}"`,
        offset,
      ),
    );
  }
  if (method !== record.method) {
    issues.push(
      issue(
        'LOCAL_METHOD_MISMATCH',
        `the local header says method ${method}, the central directory ${record.method}`,
        offset,
      ),
    );
  }
  if ((flags & 0x0001) !== (record.flags & 0x0001)) {
    issues.push(
      issue('LOCAL_FLAGS_MISMATCH', 'the local and central headers disagree on encryption', offset),
    );
  }
  return offset + LOCAL_SIZE + nameLength + extraLength;
}
