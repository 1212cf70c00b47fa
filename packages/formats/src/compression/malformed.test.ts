import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { Limits, ParseResult } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { decompress } from './decompress.ts';
import type { CompressionKind } from './decompress.ts';
import { SAMPLE, VECTORS } from './testing/vectors.ts';

const SAMPLES: readonly [CompressionKind, Uint8Array][] = [
  ['gzip', gzipSync(SAMPLE)],
  ['zlib', deflateSync(SAMPLE)],
  ['deflate', deflateRawSync(SAMPLE)],
  ['xz', VECTORS.xzCrc64],
  ['lzma', VECTORS.lzmaAlone],
  ['bzip2', bzip2Level1(VECTORS.bzip2)],
];

/** The same stream declared as level 1 (100 kB blocks), so each of the thousands of runs allocates less. */
function bzip2Level1(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[3] = 0x31;
  return copy;
}

/** Decompress under the limits (output capped at 64 KiB to keep runs cheap); the cap always holds. */
async function decompressUnder(
  kind: CompressionKind,
  input: Uint8Array,
  limits: Limits,
): Promise<ParseResult<Uint8Array>> {
  const maxOutputBytes = Math.min(64 * 1024, limits.maxDecompressedBytes);
  const result = await decompress(kind, input, {
    maxOutputBytes,
    maxRatio: limits.maxCompressionRatio,
  });
  if (result.ok) assert.ok(result.value.length <= maxOutputBytes);
  return result;
}

describe('decompress on malformed input', () => {
  for (const [kind, sample] of SAMPLES) {
    describe(kind, () => {
      runMalformedSuite({
        name: `decompress(${kind})`,
        parse: (bytes, limits) => decompressUnder(kind, bytes, limits),
        samples: [{ name: kind, bytes: sample }],
        truncation: 'fail',
        // bzip2 allocates a block buffer per run, so it gets fewer (still covers every header field).
        flips: { rounds: kind === 'bzip2' ? 600 : 2000, seed: 0x5eed + kind.length },
        // Noise behind the format's own magic bytes, so the decoder gets past its first check.
        randomBuffers: { count: 300, maxLength: 64, prefix: () => sample.subarray(0, 6) },
      });

      it('reports a cap below the output size', async () => {
        const result = await decompress(kind, sample, { maxOutputBytes: SAMPLE.length - 1 });
        assert.deepEqual(
          result.issues.map((i) => i.code),
          ['DECOMPRESSED_TOO_LARGE'],
        );
      });
    });
  }
});
