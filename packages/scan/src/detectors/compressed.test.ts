import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import type { FormatId } from '@mlsec/formats';
import { ruleIds, runArchiveDetector, scanTree, tarOf, zipOf } from '../testing/archive-testing.ts';
import { compressedDetector } from './compressed.ts';
import { tarDetector } from './tar.ts';
import { zipDetector } from './zip.ts';

const PICKLE = Buffer.from('\x80\x02cposix\nsystem\nq\x00.', 'latin1');
// The same pickle compressed by CPython 3.11: lzma.compress(p), lzma.compress(p, format=lzma.FORMAT_ALONE),
// bz2.compress(p).
const XZ =
  '/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQASgAJjcG9zaXgKc3lzdGVtCnEALgAAt6RX+eTmsBQAASsTnAlI0h+2830BAAAAAARZWg==';
const LZMA = 'XQAAgAD//////////wBAAIgDy4fmDj/G26ZiOtDgF6gkiyhDyo///LUwAA==';
const BZIP2 =
  'QlpoOTFBWSZTWR6X73QAAAlRwFAQAAEKIuxgQAAgACKaGgZP0oUwAE06uGHCCYFbKZfF3JFOFCQHpfvdAA==';

/** gzip with the FNAME field set (RFC 1952 §2.3.1), which node:zlib does not write. */
function gzipNamed(data: Uint8Array, name: string): Uint8Array {
  const gz = gzipSync(data);
  return Buffer.concat([
    gz.subarray(0, 3),
    Buffer.from([0x08]),
    gz.subarray(4, 10),
    Buffer.from(`${name}\0`, 'latin1'),
    gz.subarray(10),
  ]);
}

const scan = (bytes: Uint8Array, format: FormatId, limits?: Limits) =>
  runArchiveDetector(compressedDetector, bytes, format, limits);

describe('compressedDetector', () => {
  describe('when the stream is intact', () => {
    const cases: [FormatId, Uint8Array][] = [
      ['gzip', gzipSync(PICKLE)],
      ['zlib', deflateSync(PICKLE)],
      ['xz', Buffer.from(XZ, 'base64')],
      ['lzma', Buffer.from(LZMA, 'base64')],
      ['bzip2', Buffer.from(BZIP2, 'base64')],
    ];
    for (const [format, bytes] of cases) {
      it(`scans the ${format} payload as <decompressed>`, async () => {
        const { reports, nested } = await scan(bytes, format);
        assert.deepEqual(reports, []);
        assert.deepEqual(
          nested.map((n) => n.name),
          ['<decompressed>'],
        );
        assert.deepEqual(Buffer.from(nested[0]?.bytes ?? []), PICKLE);
      });
    }
    it('names a gzip payload by its FNAME field', async () => {
      const { nested } = await scan(gzipNamed(PICKLE, 'model.pkl'), 'gzip');
      assert.deepEqual(
        nested.map((n) => n.name),
        ['model.pkl'],
      );
    });
  });

  describe('when the stream is a bomb', () => {
    it('reports compression/bomb past the ratio limit and scans nothing', async () => {
      const { reports, nested } = await scan(
        gzipSync(new Uint8Array(8 << 20)),
        'gzip',
        makeLimits({ maxCompressionRatio: 100 }),
      );
      assert.deepEqual(ruleIds(reports), ['compression/bomb']);
      assert.equal(reports[0]?.evidence?.['code'], 'BOMB');
      assert.deepEqual(nested, []);
    });
    it('reports compression/bomb past maxBytes', async () => {
      const { reports } = await scan(
        gzipSync(new Uint8Array(4096)),
        'gzip',
        makeLimits({ maxBytes: 1000 }),
      );
      assert.deepEqual(
        reports.map((r) => r.evidence?.['code']),
        ['DECOMPRESSED_TOO_LARGE'],
      );
    });
    it('spends one budget across nested layers (gzip inside gzip)', async () => {
      const inner = gzipSync(new Uint8Array(300_000).fill(1));
      const outer = gzipSync(Buffer.concat([inner, Buffer.alloc(0)]));
      const { reports } = await scanTree(
        outer,
        [compressedDetector],
        makeLimits({ maxDecompressedBytes: 200_000 }),
      );
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.evidence?.['code'], r.chain]),
        [['compression/bomb', 'DECOMPRESSED_TOO_LARGE', ['<decompressed>']]],
      );
    });
    it('reports the budget as spent when nothing is left for a nested stream', async () => {
      const inner = gzipSync(PICKLE);
      const { reports } = await scanTree(
        gzipSync(inner),
        [compressedDetector],
        makeLimits({ maxDecompressedBytes: inner.length }),
      );
      assert.deepEqual(
        reports.map((r) => r.evidence?.['code']),
        ['BUDGET_EXHAUSTED'],
      );
    });
  });

  describe('when the stream is damaged or padded', () => {
    it('reports compression/unparseable for a truncated stream', async () => {
      const { reports, nested } = await scan(gzipSync(PICKLE).subarray(0, 20), 'gzip');
      assert.deepEqual(ruleIds(reports), ['compression/unparseable']);
      assert.deepEqual(nested, []);
    });
    it('reports compression/trailing-data and scans the trailing bytes too', async () => {
      const gz = gzipSync(PICKLE);
      const { reports, nested } = await scan(Buffer.concat([gz, PICKLE]), 'gzip');
      assert.deepEqual(ruleIds(reports), ['compression/trailing-data']);
      assert.deepEqual(
        nested.map((n) => n.name),
        ['<decompressed>', '<trailing-data>'],
      );
      assert.deepEqual(Buffer.from(nested[1]?.bytes ?? []), PICKLE);
    });
    it('reports compression/unparseable for input over maxBytes without reading it', async () => {
      const { reports } = await scan(
        gzipSync(new Uint8Array(5000).map((_, i) => (i * 31) % 251)),
        'gzip',
        makeLimits({ maxBytes: 100 }),
      );
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.evidence?.['code']]),
        [['compression/unparseable', 'INPUT_TOO_LARGE']],
      );
    });
  });

  describe('when archives and streams nest', () => {
    it('walks a .tar.gz holding a zip holding a pickle', async () => {
      const zip = zipOf([{ name: 'weird root/data.pkl', data: PICKLE }]);
      const tgz = gzipSync(tarOf([{ name: 'release/model.pt', data: zip }]));
      const { reports, artifacts } = await scanTree(tgz, [
        compressedDetector,
        tarDetector,
        zipDetector,
      ]);
      assert.deepEqual(reports, []);
      assert.deepEqual(
        artifacts.map((a) => [a.chain.join(' > '), a.format]),
        [
          ['', 'gzip'],
          ['<decompressed>', 'tar'],
          ['<decompressed> > release/model.pt', 'zip'],
          ['<decompressed> > release/model.pt > weird root/data.pkl', 'pickle'],
        ],
      );
    });
  });
});
