import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isMlsecError, type ErrorCode } from '@mlsec/core';

/** Odd chunk sizes, so no chunk lines up with a part, a cipher chunk or a read buffer. */
export const ODD_SIZES = [1, 7, 65_537, 999_983, 3, 131_071] as const;

/** Yield `data` in pieces of the sizes given, cycling. */
export async function* pieces(
  data: Uint8Array,
  sizes: readonly number[] = ODD_SIZES,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  await Promise.resolve();
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

/** Yield `data`'s first `failAfter` bytes, then throw as an aborted upload would. */
export async function* abortedSource(
  data: Uint8Array,
  failAfter: number,
): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces(data.subarray(0, failAfter))) yield piece;
  throw new Error('client went away');
}

/** Random test bytes. */
export function bytes(length: number): Buffer {
  return randomBytes(length);
}

/** SHA-256 hex, computed here independently of the stores. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Read a stream to the end. */
export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Assert `action` rejects with an MlsecError of `code` (returns it for further checks). */
export async function rejectsWith(action: () => Promise<unknown>, code: ErrorCode): Promise<Error> {
  try {
    await action();
  } catch (error) {
    if (isMlsecError(error) && error.code === code) return error;
    throw new Error(`expected ${code}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
