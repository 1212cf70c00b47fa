import { open } from 'node:fs/promises';

/** The first and last bytes of a file and its size: what content identification looks at. */
export interface FileSample {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly size: number;
}

/**
 * Names a file's format from its content (the CLI passes @mlsec/formats' `identify`; attest itself never
 * parses model artifacts). `name` is the model-relative path, for callers that want it; return undefined
 * when unknown.
 */
export type FormatOf = (sample: FileSample, name: string) => string | undefined;

/** How much of each file {@link sampleFile} reads. */
export interface SampleSizes {
  readonly headBytes: number;
  readonly tailBytes: number;
}

/** 4 KiB of head and the zip end-of-central-directory search window (22 + 65,535 bytes) of tail. */
export const DEFAULT_SAMPLE_SIZES: SampleSizes = { headBytes: 4096, tailBytes: 65_557 };

/** Read a file's head and tail (at most `headBytes + tailBytes` bytes, whatever the file's size). */
export async function sampleFile(path: string, sizes: SampleSizes): Promise<FileSample> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, Math.min(size, sizes.headBytes));
    const tailLength = Math.min(size, sizes.tailBytes);
    const tail = await readAt(handle, size - tailLength, tailLength);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
