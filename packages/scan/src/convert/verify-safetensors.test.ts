import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeSafetensors } from './safetensors-writer.ts';
import { bytesTensor } from './tensor-input.ts';
import type { TensorInput } from './tensor-input.ts';
import { verifySafetensors } from './verify-safetensors.ts';

const root = mkdtempSync(join(tmpdir(), 'mlsec-st-verify-'));
after(() => rmSync(root, { recursive: true, force: true }));

const MiB = 1024 * 1024;

function counter(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + start) & 0xff);
}

const big = counter(3 * MiB);
const weight = counter(24, 3);
const bias = counter(4, 9);

function tensors(chunk = 5): TensorInput[] {
  return [
    bytesTensor('weight', 'F32', [2, 3], weight, chunk),
    bytesTensor('bias', 'I8', [4], bias, chunk),
    // One chunk of 3 MiB: compared against the file a piece at a time.
    bytesTensor('embed', 'U8', [3, MiB], big, 3 * MiB),
  ];
}

const metadata = { format: 'pt', source: 'sha256:00' };

async function written(): Promise<string> {
  const target = join(mkdtempSync(join(root, 'case-')), 'model.safetensors');
  await writeSafetensors(target, tensors(), { metadata });
  return target;
}

/** Flip one bit of the byte `offset` bytes into tensor `name`'s data. */
function flip(path: string, name: string, offset: number): void {
  const file = readFileSync(path);
  const length = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + length).toString('utf8')) as Record<
    string,
    { data_offsets: [number, number] }
  >;
  const begin = header[name]?.data_offsets[0] ?? Number.NaN;
  const at = 8 + length + begin + offset;
  file[at] = (file[at] ?? 0) ^ 0x10;
  writeFileSync(path, file);
}

describe('verifySafetensors', () => {
  describe('when the file holds what the producers yield', () => {
    it('is ok, in any chunking, and with the metadata checked', async () => {
      const path = await written();
      assert.deepEqual(await verifySafetensors(path, tensors(), { metadata }), {
        ok: true,
        tensors: 3,
      });
      assert.equal((await verifySafetensors(path, tensors(1))).ok, true);
    });
  });

  describe('when one byte of the file is flipped', () => {
    it('names the tensor and the offset, in a small tensor and deep inside a big chunk', async () => {
      const path = await written();
      flip(path, 'weight', 13);
      assert.deepEqual(await verifySafetensors(path, tensors()), {
        ok: false,
        reason: 'bytes',
        message: 'tensor "weight" differs at byte 13',
        name: 'weight',
        offset: 13,
      });
      const other = await written();
      flip(other, 'embed', 2 * MiB + 12345);
      const result = await verifySafetensors(other, tensors());
      assert.equal(result.ok, false);
      if (!result.ok) assert.deepEqual([result.name, result.offset], ['embed', 2 * MiB + 12345]);
    });
  });

  describe('when the expectation differs from the file', () => {
    it('reports missing, unexpected, dtype, shape and metadata differences', async () => {
      const path = await written();
      const [w, b, e] = tensors();
      assert.ok(w && b && e);
      const reasons = async (expected: TensorInput[], meta?: Record<string, string>) => {
        const result = await verifySafetensors(path, expected, meta ? { metadata: meta } : {});
        return result.ok ? 'ok' : `${result.reason}:${result.name ?? ''}`;
      };
      assert.equal(await reasons([w, b, e, { ...w, name: 'extra' }]), 'missing:extra');
      assert.equal(await reasons([w, e]), 'unexpected:bias');
      assert.equal(await reasons([{ ...w, dtype: 'I32' }, b, e]), 'dtype:weight');
      assert.equal(await reasons([{ ...w, shape: [3, 2] }, b, e]), 'shape:weight');
      assert.equal(await reasons([{ ...w, shape: [2, 3, 1] }, b, e]), 'shape:weight');
      assert.equal(await reasons([w, b, e], { format: 'pt' }), 'metadata:');
      assert.equal(await reasons([w, b, e], { ...metadata, source: 'sha256:01' }), 'metadata:');
    });
    it('reports producers that yield too few or too many bytes', async () => {
      const path = await written();
      const [w, b, e] = tensors();
      assert.ok(w && b && e);
      const short = bytesTensor('bias', 'I8', [4], bias.subarray(0, 3));
      const long = bytesTensor('bias', 'I8', [4], Uint8Array.of(...bias, 0), 2);
      const shortResult = await verifySafetensors(path, [
        w,
        { ...b, write: (sink) => short.write(sink) },
        e,
      ]);
      assert.deepEqual(shortResult.ok ? [] : [shortResult.reason, shortResult.offset], [
        'length',
        3,
      ]);
      const longResult = await verifySafetensors(path, [
        w,
        { ...b, write: (sink) => long.write(sink) },
        e,
      ]);
      assert.deepEqual(longResult.ok ? [] : [longResult.reason, longResult.offset], ['length', 4]);
    });
  });

  describe('when the file is damaged', () => {
    it('reports a truncated file as unparseable with the parser issue', async () => {
      const path = await written();
      truncateSync(path, readFileSync(path).length - 1);
      const result = await verifySafetensors(path, tensors());
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.reason, 'unparseable');
        assert.match(result.message, /^SAFETENSORS_OUT_OF_RANGE/);
      }
    });
  });
});
