import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decompress } from './decompress.ts';
import type { CompressionKind } from './decompress.ts';
import { flipBytes, prng } from './testing/prng.ts';
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
const OPTS = { maxOutputBytes: 64 * 1024, maxRatio: 1000 };

/** Decompress and check the result is well-formed: never a throw, issues whenever it is not ok. */
async function survives(kind: CompressionKind, input: Uint8Array): Promise<boolean> {
  const result = await decompress(kind, input, OPTS);
  if (!result.ok) assert.ok(result.issues.length > 0, 'a failed result carries issues');
  else assert.ok(result.value.length <= OPTS.maxOutputBytes);
  return result.ok;
}

describe('decompress on malformed input', () => {
  for (const [kind, sample] of SAMPLES) {
    describe(kind, () => {
      it('reports empty input', async () => {
        assert.equal(await survives(kind, new Uint8Array(0)), false);
      });
      it('reports every truncation point', async () => {
        for (let n = 0; n < sample.length; n++) {
          assert.equal(
            await survives(kind, sample.subarray(0, n)),
            false,
            `accepted ${n} of ${sample.length} bytes`,
          );
        }
      });
      it('never throws on random byte flips', async () => {
        const random = prng(0x5eed + kind.length);
        // bzip2 allocates a block buffer per run, so it gets fewer (still covers every header field).
        const runs = kind === 'bzip2' ? 600 : 2000;
        for (let i = 0; i < runs; i++) await survives(kind, flipBytes(sample, random, 1 + (i % 4)));
      });
      it('never throws on random bytes', async () => {
        const random = prng(42);
        for (let i = 0; i < 300; i++) {
          const noise = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
            Math.floor(random() * 256),
          );
          noise.set(sample.subarray(0, Math.min(6, noise.length)));
          await survives(kind, noise);
        }
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
