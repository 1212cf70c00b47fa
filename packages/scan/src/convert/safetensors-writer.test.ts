import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { writeSafetensors } from './safetensors-writer.ts';
import { bytesTensor, WRITABLE_DTYPES } from './tensor-input.ts';
import type { TensorInput, TensorSink, WritableDtype } from './tensor-input.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';

const root = mkdtempSync(join(tmpdir(), 'mlsec-st-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
const folder = (): string => mkdtempSync(join(root, 'case-'));

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

function tensorOf(name: string, dtype: WritableDtype, shape: number[], seed = 1, chunk = 7) {
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = pseudoRandom(count * WRITABLE_DTYPES[dtype], seed);
  return { bytes, input: bytesTensor(name, dtype, shape, bytes, chunk) };
}

const readBack = readSafetensorsFile;

async function refusal(run: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof MlsecError);
    assert.equal(error.code, code);
    return true;
  });
}

describe('writeSafetensors', () => {
  describe('when every dtype is written', () => {
    it('reads back the same dtypes, shapes and bytes, and reports the digest of the file', async () => {
      const dir = folder();
      const dtypes = Object.keys(WRITABLE_DTYPES) as WritableDtype[];
      const made = dtypes.map((dtype, i) => ({
        dtype,
        ...tensorOf(`w.${dtype}`, dtype, [3, 5], i + 1),
      }));
      const target = join(dir, 'model.safetensors');
      const result = await writeSafetensors(
        target,
        made.map((m) => m.input),
        { metadata: { format: 'pt' } },
      );
      const { file, header, tensors } = await readBack(target);
      assert.equal(result.sha256, createHash('sha256').update(file).digest('hex'));
      assert.equal(result.totalBytes, file.length);
      assert.equal(result.headerBytes, header.dataStart);
      assert.equal(result.dataBytes, file.length - header.dataStart);
      assert.equal(header.headerLength % 8, 0);
      assert.deepEqual({ ...header.metadata }, { format: 'pt' });
      for (const m of made) {
        const got = tensors.get(`w.${m.dtype}`);
        assert.ok(got, m.dtype);
        assert.equal(got.dtype, m.dtype);
        assert.deepEqual(got.shape, [3, 5]);
        assert.deepEqual(new Uint8Array(got.bytes), m.bytes);
      }
      assert.deepEqual(readdirSync(dir), ['model.safetensors']);
    });
  });

  describe('when tensors are empty, scalars or many', () => {
    it('writes 0-d scalars and zero-element tensors', async () => {
      const dir = folder();
      const scalar = tensorOf('step', 'I64', [], 5);
      const empty = tensorOf('none', 'F32', [0, 4], 6);
      const target = join(dir, 'small.safetensors');
      await writeSafetensors(target, [scalar.input, empty.input]);
      const { tensors } = await readBack(target);
      assert.deepEqual(tensors.get('step')?.shape, []);
      assert.deepEqual(new Uint8Array(tensors.get('step')?.bytes ?? []), scalar.bytes);
      assert.equal(scalar.bytes.length, 8);
      assert.deepEqual(tensors.get('none')?.shape, [0, 4]);
      assert.equal(tensors.get('none')?.bytes.length, 0);
    });
    it('writes a thousand tensors in header order, contiguous', async () => {
      const dir = folder();
      const made = Array.from({ length: 1000 }, (_, i) =>
        tensorOf(`layers.${i}.weight`, i % 2 ? 'F16' : 'U8', [1 + (i % 5), 3], i + 10, 64),
      );
      const target = join(dir, 'many.safetensors');
      const result = await writeSafetensors(
        target,
        made.map((m) => m.input),
      );
      const { header, tensors } = await readBack(target);
      assert.equal(tensors.size, 1000);
      assert.deepEqual(
        header.tensors.map((t) => t.name),
        result.order,
      );
      for (const [i, m] of made.entries()) {
        assert.deepEqual(new Uint8Array(tensors.get(`layers.${i}.weight`)?.bytes ?? []), m.bytes);
      }
    });
    it('writes metadata values with quotes, newlines and non-ASCII text as given', async () => {
      const dir = folder();
      const metadata = {
        format: 'pt',
        tied: '["lm_head.weight","embed.weight"]',
        note: 'line one\nline "two"\t\u0001 é 😀',
        empty: '',
      };
      const target = join(dir, 'meta.safetensors');
      await writeSafetensors(target, [tensorOf('w', 'U8', [2]).input], { metadata });
      assert.deepEqual({ ...(await readBack(target)).header.metadata }, metadata);
    });
  });

  describe('when a producer misbehaves', () => {
    const producer = (write: TensorInput['write']): TensorInput => ({
      name: 'w',
      dtype: 'U8',
      shape: [4],
      byteLength: 4,
      write,
    });
    it('refuses bytes past the announced length before writing them, and leaves no file', async () => {
      const dir = folder();
      let refusedChunk = false;
      const input = producer(async (sink) => {
        await sink.write(new Uint8Array(3));
        await sink.write(new Uint8Array(2)).catch((error: unknown) => {
          refusedChunk = true;
          throw error;
        });
      });
      await refusal(
        writeSafetensors(join(dir, 'o.safetensors'), [input]),
        'SCAN_CONVERT_BYTE_COUNT',
      );
      assert.equal(refusedChunk, true);
      assert.deepEqual(readdirSync(dir), []);
    });
    it('refuses a producer that stops short, and leaves no file', async () => {
      const dir = folder();
      const input = producer((sink) => sink.write(new Uint8Array(3)));
      await refusal(
        writeSafetensors(join(dir, 'o.safetensors'), [input]),
        'SCAN_CONVERT_BYTE_COUNT',
      );
      assert.deepEqual(readdirSync(dir), []);
    });
    it('wraps a producer failure, passes its MlsecError on, and keeps the old target', async () => {
      const dir = folder();
      const target = join(dir, 'o.safetensors');
      writeFileSync(target, 'old');
      const broken = producer(() => Promise.reject(new Error('disk source vanished')));
      await refusal(writeSafetensors(target, [broken]), 'SCAN_CONVERT_WRITE_FAILED');
      const own = producer(() => Promise.reject(new MlsecError('SCAN_READ_FAILED', 'gone')));
      await refusal(writeSafetensors(target, [own]), 'SCAN_READ_FAILED');
      assert.deepEqual(readdirSync(dir), ['o.safetensors']);
      assert.equal(readFileSync(target, 'utf8'), 'old');
    });
    it('keeps chunks in order when the producer does not await its writes', async () => {
      const dir = folder();
      const input = producer((sink) => {
        for (const byte of [1, 2, 3, 4]) void sink.write(Uint8Array.of(byte));
        return Promise.resolve();
      });
      const target = join(dir, 'o.safetensors');
      await writeSafetensors(target, [input]);
      assert.deepEqual([...((await readBack(target)).tensors.get('w')?.bytes ?? [])], [1, 2, 3, 4]);
    });
    it('refuses a write made after the producer finished', async () => {
      const dir = folder();
      let kept: TensorSink | undefined;
      const input = producer(async (sink) => {
        await sink.write(new Uint8Array(4));
        kept = sink;
      });
      await writeSafetensors(join(dir, 'o.safetensors'), [input]);
      assert.ok(kept);
      await refusal(kept.write(new Uint8Array(1)), 'SCAN_CONVERT_BYTE_COUNT');
    });
  });

  describe('when the input or the target is wrong', () => {
    it('creates nothing for invalid input', async () => {
      const dir = folder();
      const dup = [tensorOf('a', 'U8', [1]).input, tensorOf('a', 'U8', [1]).input];
      await refusal(
        writeSafetensors(join(dir, 'o.safetensors'), dup),
        'SCAN_CONVERT_INVALID_INPUT',
      );
      const short = { ...tensorOf('a', 'F32', [2]).input, byteLength: 7 };
      await refusal(
        writeSafetensors(join(dir, 'o.safetensors'), [short]),
        'SCAN_CONVERT_INVALID_INPUT',
      );
      assert.deepEqual(readdirSync(dir), []);
    });
    it('reports a folder that does not exist as a write failure', async () => {
      const target = join(folder(), 'missing', 'o.safetensors');
      await refusal(writeSafetensors(target, []), 'SCAN_CONVERT_WRITE_FAILED');
    });
  });

  describe('when a metadata value is known only after the tensors are written', () => {
    it('writes a placeholder, then the value, with the data where the header says', async () => {
      const target = join(folder(), 'late.safetensors');
      const a = tensorOf('a', 'F32', [64, 3], 7, 100);
      let release: (value: string) => void = () => undefined;
      const late = new Promise<string>((resolve) => (release = resolve));
      const digest = 'ab'.repeat(32);
      let wrote = 0;
      const input: TensorInput = {
        ...a.input,
        async write(sink) {
          await a.input.write({
            write: async (chunk) => ((wrote += chunk.length), sink.write(chunk)),
          });
          release(digest);
        },
      };
      const result = await writeSafetensors(target, [input], {
        metadata: { format: 'pt' },
        lateMetadata: { source_sha256: { length: 64, value: late } },
      });
      assert.equal(wrote, a.bytes.length);
      const { file, metadata, tensors } = await readBack(target);
      assert.deepEqual({ ...metadata }, { format: 'pt', source_sha256: digest });
      assert.deepEqual(tensors.get('a')?.bytes, Buffer.from(a.bytes));
      assert.equal(result.sha256, createHash('sha256').update(file).digest('hex'));
    });

    it('refuses a value of another length, or one that fails, and leaves nothing behind', async () => {
      for (const [value, code] of [
        [() => Promise.resolve('short'), 'SCAN_CONVERT_INVALID_INPUT'],
        [() => Promise.reject(new Error('the input went away')), 'SCAN_CONVERT_WRITE_FAILED'],
      ] as const) {
        const dir = folder();
        await refusal(
          writeSafetensors(join(dir, 'late.safetensors'), [tensorOf('a', 'U8', [9]).input], {
            lateMetadata: { digest: { length: 64, value: value() } },
          }),
          code,
        );
        assert.deepEqual(readdirSync(dir), []);
      }
    });
  });
});
