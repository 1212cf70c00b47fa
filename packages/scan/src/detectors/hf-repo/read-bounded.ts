import type { RepoContext } from '../../engine/context.ts';

/** Text of a file read up to a limit, and whether the file goes on past it. */
export interface BoundedText {
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * Read at most `limit` bytes of a repository file (one byte more to learn whether it is longer).
 * Undefined when the file cannot be read.
 */
export async function readBounded(
  ctx: RepoContext,
  file: string,
  limit: number,
): Promise<BoundedText | undefined> {
  const text = await ctx.readText(file, limit + 1);
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text, 'utf8') <= limit) return { text, truncated: false };
  // Cut back to `limit` bytes; a code point split by the cut decodes as U+FFFD and is dropped.
  const bytes = Buffer.from(text, 'utf8').subarray(0, limit);
  return { text: bytes.toString('utf8').replace(/\uFFFD$/, ''), truncated: true };
}
