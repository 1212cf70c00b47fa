import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decompress } from './decompress.ts';
import type { CompressionKind } from './decompress.ts';
import { SAMPLE, VECTORS } from './testing/vectors.ts';

const CAP = { maxOutputBytes: 1 << 20 };

function codes(result: { issues: readonly { code: string }[] }): string[] {
  return result.issues.map((i) => i.code);
}

function flip(bytes: Uint8Array, index: number): void {
  bytes[index] = (bytes[index] ?? 0) ^ 0xff;
}

async function decodesToSample(kind: CompressionKind, input: Uint8Array): Promise<void> {
  const result = await decompress(kind, input, CAP);
  assert.ok(result.ok, JSON.stringify(result.issues));
  assert.deepEqual(Buffer.from(result.value), Buffer.from(SAMPLE));
  assert.deepEqual(result.issues, []);
}

describe('decompress', () => {
  describe('when the input was made by the real producers', () => {
    const cases: [string, CompressionKind, Uint8Array][] = [
      ['gzip (node:zlib)', 'gzip', gzipSync(SAMPLE)],
      ['zlib (node:zlib)', 'zlib', deflateSync(SAMPLE)],
      ['raw deflate (node:zlib)', 'deflate', deflateRawSync(SAMPLE)],
      ['xz with CRC64', 'xz', VECTORS.xzCrc64],
      ['xz with CRC32', 'xz', VECTORS.xzCrc32],
      ['xz with SHA-256', 'xz', VECTORS.xzSha256],
      ['xz without a check', 'xz', VECTORS.xzNoCheck],
      ['two concatenated xz streams with padding', 'xz', VECTORS.xzTwoStreams],
      ['xz with lc=1 lp=3 pb=4', 'xz', VECTORS.xzProps],
      ['lzma-alone (Python FORMAT_ALONE)', 'lzma', VECTORS.lzmaAlone],
      ['lzma-alone with lc=0 lp=2 pb=0', 'lzma', VECTORS.lzmaAloneProps],
      ['bzip2', 'bzip2', VECTORS.bzip2],
      ['two concatenated bzip2 streams', 'bzip2', VECTORS.bzip2TwoStreams],
    ];
    for (const [name, kind, input] of cases) {
      it(`decodes ${name}`, () => decodesToSample(kind, input));
    }
  });

  describe('when gzip members are concatenated', () => {
    it('joins every member', async () => {
      const input = Buffer.concat([
        gzipSync(SAMPLE.subarray(0, 10)),
        gzipSync(SAMPLE.subarray(10)),
      ]);
      await decodesToSample('gzip', input);
    });
  });

  describe('when bytes follow the stream', () => {
    const junk = Buffer.from('HIDDEN PAYLOAD');
    const cases: [CompressionKind, Uint8Array][] = [
      ['gzip', gzipSync(SAMPLE)],
      ['zlib', deflateSync(SAMPLE)],
      ['deflate', deflateRawSync(SAMPLE)],
      ['xz', VECTORS.xzCrc64],
      ['lzma', VECTORS.lzmaAlone],
      ['bzip2', VECTORS.bzip2],
    ];
    for (const [kind, input] of cases) {
      it(`reports TRAILING_DATA after ${kind} and still returns the data`, async () => {
        const result = await decompress(kind, Buffer.concat([input, junk]), CAP);
        assert.ok(result.ok);
        assert.deepEqual(Buffer.from(result.value), Buffer.from(SAMPLE));
        const trailing = result.issues.find((i) => i.code === 'TRAILING_DATA');
        assert.equal(trailing?.offset, input.length);
      });
    }
    it('accepts zero padding after gzip silently, as gzip does', async () => {
      const result = await decompress(
        'gzip',
        Buffer.concat([gzipSync(SAMPLE), Buffer.alloc(8)]),
        CAP,
      );
      assert.ok(result.ok);
      assert.deepEqual(result.issues, []);
    });
  });

  describe('when the output passes maxOutputBytes', () => {
    const zeros = Buffer.alloc(8 << 20);
    const cases: [CompressionKind, Uint8Array][] = [
      ['gzip', gzipSync(zeros)],
      ['zlib', deflateSync(zeros)],
      ['deflate', deflateRawSync(zeros)],
      ['xz', VECTORS.xzZeros8M],
      ['lzma', VECTORS.lzmaZeros8M],
      ['bzip2', VECTORS.bzip2Zeros8M],
    ];
    for (const [kind, input] of cases) {
      it(`stops ${kind} at the cap and reports DECOMPRESSED_TOO_LARGE`, async () => {
        const result = await decompress(kind, input, { maxOutputBytes: 100_000 });
        assert.equal(result.ok, false);
        assert.deepEqual(codes(result), ['DECOMPRESSED_TOO_LARGE']);
      });
      it(`stops ${kind} at the ratio limit and reports BOMB`, async () => {
        const result = await decompress(kind, input, { maxOutputBytes: 64 << 20, maxRatio: 100 });
        assert.equal(result.ok, false);
        assert.deepEqual(codes(result), ['BOMB']);
      });
      it(`decodes ${kind} in full when the limits allow it`, async () => {
        const result = await decompress(kind, input, {
          maxOutputBytes: 8 << 20,
          maxRatio: 1_000_000,
        });
        assert.ok(result.ok);
        assert.equal(result.value.length, 8 << 20);
      });
    }
    it('allows a cap of zero for empty output', async () => {
      const result = await decompress('gzip', gzipSync(new Uint8Array(0)), { maxOutputBytes: 0 });
      assert.ok(result.ok);
      assert.equal(result.value.length, 0);
    });
  });

  describe('when the data is damaged', () => {
    it('reports CHECKSUM_MISMATCH for a gzip CRC that does not match', async () => {
      const input = gzipSync(SAMPLE);
      flip(input, input.length - 8);
      const result = await decompress('gzip', input, CAP);
      assert.deepEqual(codes(result), ['CHECKSUM_MISMATCH']);
    });
    it('reports CHECKSUM_MISMATCH for an xz CRC64 that does not match', async () => {
      const input = VECTORS.xzCrc64.slice();
      // The file ends with the block's 8-byte check, a 12-byte index and the 12-byte stream footer.
      flip(input, input.length - 32);
      const result = await decompress('xz', input, CAP);
      assert.deepEqual(codes(result), ['CHECKSUM_MISMATCH']);
    });
    it('reports UNSUPPORTED_FILTER for an xz delta filter chain', async () => {
      const result = await decompress('xz', VECTORS.xzDelta, CAP);
      assert.deepEqual(codes(result), ['UNSUPPORTED_FILTER']);
    });
    it('reports TRUNCATED for a cut lzma-alone stream', async () => {
      const result = await decompress('lzma', VECTORS.lzmaAlone.subarray(0, 100), CAP);
      assert.deepEqual(codes(result), ['TRUNCATED']);
    });
  });

  describe('when called wrongly', () => {
    it('throws on a negative cap (programmer error)', () => {
      assert.throws(() => decompress('gzip', new Uint8Array(0), { maxOutputBytes: -1 }), TypeError);
    });
  });
});
