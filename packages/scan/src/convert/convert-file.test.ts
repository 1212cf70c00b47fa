import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, MlsecError, memorySource } from '@mlsec/core';
import { openZip, readEntry } from '@mlsec/formats';
import { buildZip } from '@mlsec/formats/testing';
import type { BuildEntry } from '@mlsec/formats/testing';
import { convertFile, ConvertRefusedError } from './convert-file.ts';
import type { WritableDtype } from './tensor-input.ts';
import { stateDict, tensor } from '../testing/checkpoint-pickle.ts';
import { assertSameElements, expectedValues } from '../testing/convert-expected.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';

// Checkpoints and expected values written by torch 1.13 (fixtures/convert/generate.py).
const ROOT = new URL('../../../../fixtures/convert/', import.meta.url);
const MALICIOUS = new URL('../../../../fixtures/samples/malicious/pytorch/', import.meta.url);

interface ExpectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  expected: string;
  tiedWith: string[];
}
interface Fixture {
  format: string;
  dropped?: string[];
  tensors: ExpectedTensor[] | number;
  shards?: { file: string; tensors: ExpectedTensor[] }[];
}
const manifest = JSON.parse(readFileSync(new URL('expected/manifest.json', ROOT), 'utf8')) as {
  fixtures: Record<string, Fixture>;
};

const temp = mkdtempSync(join(tmpdir(), 'mlsec-convert-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const folder = (): string => mkdtempSync(join(temp, 'case-'));

const readOutput = readSafetensorsFile;

async function assertRefused(input: string, code: string): Promise<unknown> {
  const dir = folder();
  const out = join(dir, 'model.safetensors');
  let caught: unknown;
  await assert.rejects(convertFile(input, out), (error: unknown) => {
    assert.ok(error instanceof MlsecError);
    assert.equal(error.code, code);
    caught = error;
    return true;
  });
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), []);
  return caught;
}

describe('convertFile', () => {
  // Whole checkpoints, and each shard of the HF-style sharded one on its own.
  const cases = Object.entries(manifest.fixtures).flatMap(
    ([file, fixture]): { file: string; fixture: Fixture }[] => {
      if (fixture.format === 'hf-sharded') {
        return (fixture.shards ?? []).map((shard) => ({
          file: `${file}/${shard.file}`,
          fixture: { format: 'pytorch-zip', tensors: shard.tensors },
        }));
      }
      const convertible = fixture.format === 'pytorch-zip' || fixture.format === 'pytorch-legacy';
      return convertible ? [{ file, fixture }] : [];
    },
  );
  it('covers every torch-written fixture', () => {
    assert.equal(cases.length, 8);
  });
  for (const { file, fixture } of cases) {
    const expected = fixture.tensors as ExpectedTensor[];
    it(`converts ${file} to tensors equal element for element to torch's`, async () => {
      const input = fileURLToPath(new URL(file, ROOT));
      const out = join(folder(), 'model.safetensors');
      const result = await convertFile(input, out);
      assert.equal(result.format, fixture.format);
      const { metadata, tensors } = await readOutput(out);
      assert.equal(metadata['format'], 'pt');
      const digest = createHash('sha256').update(readFileSync(input)).digest('hex');
      assert.equal(metadata['source_sha256'], digest);
      assert.equal(result.sourceSha256, digest);
      const kept = new Set<string>();
      for (const t of expected) {
        const group = [t.name, ...t.tiedWith].sort();
        const first = group[0] ?? t.name;
        if (first !== t.name) {
          assert.equal(metadata[t.name], first, `${t.name} recorded as a duplicate of ${first}`);
          assert.equal(tensors.has(t.name), false);
          continue;
        }
        kept.add(t.name);
        const got = tensors.get(t.name);
        assert.ok(got !== undefined, `${t.name} is missing`);
        assert.equal(got.dtype, t.dtype);
        assert.deepEqual(got.shape, t.shape);
        const want = await expectedValues(t.expected);
        assert.deepEqual(want.shape, t.shape);
        assertSameElements(t.name, t.dtype as WritableDtype, got.bytes, want.bytes);
      }
      assert.deepEqual([...tensors.keys()].sort(), [...kept].sort());
      for (const key of fixture.dropped ?? []) {
        assert.ok(metadata['mlsec_notices']?.includes(key), `no notice for ${key}`);
      }
    });
  }

  describe('when asked for progress and verification', () => {
    it('reports every byte written, then every byte compared, and counts the verified tensors', async () => {
      const input = fileURLToPath(new URL('views.pt', ROOT));
      const seen: { stage: string; bytesDone: number; bytesTotal: number }[] = [];
      const result = await convertFile(input, join(folder(), 'model.safetensors'), {
        verify: true,
        onProgress: (p) => seen.push(p),
      });
      const total = result.output.dataBytes;
      const last = (stage: string) => seen.filter((p) => p.stage === stage).at(-1);
      assert.deepEqual(last('write'), { stage: 'write', bytesDone: total, bytesTotal: total });
      assert.deepEqual(last('verify'), { stage: 'verify', bytesDone: total, bytesTotal: total });
      assert.ok(
        seen.findIndex((p) => p.stage === 'verify') >
          seen.findLastIndex((p) => p.stage === 'write'),
      );
      assert.equal(result.verified, result.written.length);
    });
  });

  describe('when the source changes between writing and verifying', () => {
    it('fails with SCAN_CONVERT_VERIFY_FAILED and removes the output', async () => {
      const dir = folder();
      const input = join(dir, 'dtypes.pt');
      const bytes = readFileSync(new URL('dtypes.pt', ROOT));
      writeFileSync(input, bytes);
      const f64 = await expectedValues('expected/dtypes.pt/f64.npy');
      const at = bytes.indexOf(f64.bytes);
      assert.ok(at > 0, 'the f64 storage is stored as is');
      const out = join(dir, 'model.safetensors');
      let changed = false;
      await assert.rejects(
        convertFile(input, out, {
          verify: true,
          onProgress: (p) => {
            if (p.stage !== 'write' || p.bytesDone < p.bytesTotal || changed) return;
            changed = true;
            const edited = Buffer.from(bytes);
            edited[at] = (edited[at] ?? 0) ^ 0xff;
            writeFileSync(input, edited);
          },
        }),
        (error: unknown) =>
          error instanceof MlsecError && error.code === 'SCAN_CONVERT_VERIFY_FAILED',
      );
      assert.ok(changed);
      assert.deepEqual(readdirSync(dir), ['dtypes.pt']);
    });
  });

  describe('when the tied fixture is converted', () => {
    it('writes embed.weight once and maps lm_head.weight to it in the metadata', async () => {
      const out = join(folder(), 'model.safetensors');
      const result = await convertFile(fileURLToPath(new URL('tied.pt', ROOT)), out);
      assert.deepEqual(result.tied, { 'lm_head.weight': 'embed.weight' });
      const { metadata, tensors } = await readOutput(out);
      assert.equal(metadata['lm_head.weight'], 'embed.weight');
      assert.deepEqual([...tensors.keys()].sort(), ['embed.weight', 'norm.bias', 'norm.weight']);
    });
  });

  describe('when the checkpoint carries a payload', () => {
    // Every PyTorch sample of the scanner's malicious set: zip, legacy, polyglot, renamed root.
    for (const name of readdirSync(MALICIOUS).sort()) {
      it(`refuses ${name} with the global that stopped it and writes nothing`, async () => {
        const error = await assertRefused(
          fileURLToPath(new URL(name, MALICIOUS)),
          'SCAN_CONVERT_REFUSED',
        );
        assert.ok(error instanceof ConvertRefusedError);
        assert.equal(error.refusal.code, 'not-allowed');
        assert.equal(error.refusal.global, 'posix.system');
      });
    }
  });

  describe('when a legacy checkpoint was written big-endian', () => {
    it('refuses it with SCAN_CONVERT_BIG_ENDIAN and writes nothing', async () => {
      const bytes = Buffer.from(readFileSync(new URL('legacy.pt', ROOT)));
      const at = bytes.indexOf('little_endian');
      const flag = bytes.indexOf(0x88, at);
      assert.ok(at > 0 && flag > at && flag < at + 20);
      bytes[flag] = 0x89; // NEWTRUE -> NEWFALSE
      const input = join(folder(), 'big.pt');
      writeFileSync(input, bytes);
      await assertRefused(input, 'SCAN_CONVERT_BIG_ENDIAN');
    });
  });

  describe('when a legacy checkpoint is cut short', () => {
    it('refuses it with SCAN_CONVERT_STORAGE_INVALID and writes nothing', async () => {
      const bytes = readFileSync(new URL('legacy.pt', ROOT));
      const input = join(folder(), 'short.pt');
      writeFileSync(input, bytes.subarray(0, bytes.length - 2));
      await assertRefused(input, 'SCAN_CONVERT_STORAGE_INVALID');
    });
  });

  describe('when the input is no checkpoint', () => {
    it('refuses it with SCAN_CONVERT_NOT_CHECKPOINT', async () => {
      const input = join(folder(), 'notes.txt');
      writeFileSync(input, 'just some text\n');
      await assertRefused(input, 'SCAN_CONVERT_NOT_CHECKPOINT');
    });
  });

  describe('when a zip checkpoint is rebuilt with a changed member', () => {
    /** dtypes.pt's members, changed by `edit`, written stored (or as each edit says) to a new file. */
    async function rebuilt(edit: (entries: BuildEntry[]) => BuildEntry[]): Promise<string> {
      const zip = await openZip(
        memorySource(readFileSync(new URL('dtypes.pt', ROOT))),
        DEFAULT_LIMITS,
      );
      assert.ok(zip.ok);
      const entries: BuildEntry[] = [];
      for (const entry of zip.value.entries) {
        const data = await readEntry(zip.value, entry, { maxBytes: 1 << 20 });
        assert.ok(data.ok);
        entries.push({ name: entry.name, data: data.value });
      }
      const input = join(folder(), 'edited.pt');
      writeFileSync(input, buildZip(edit(entries)));
      return input;
    }
    const replace = (entries: BuildEntry[], name: string, change: Partial<BuildEntry>) =>
      entries.map((e) => (e.name === name ? { ...e, ...change } : e));

    it('converts it unchanged when byteorder says little', async () => {
      const input = await rebuilt((e) => [...e, { name: 'dtypes/byteorder', data: 'little' }]);
      const out = join(folder(), 'model.safetensors');
      const result = await convertFile(input, out);
      assert.equal(result.written.length, 10);
    });
    it('refuses byteorder big with SCAN_CONVERT_BIG_ENDIAN', async () => {
      const input = await rebuilt((e) => [...e, { name: 'dtypes/byteorder', data: 'big' }]);
      await assertRefused(input, 'SCAN_CONVERT_BIG_ENDIAN');
    });
    it('refuses a deflated storage record', async () => {
      const input = await rebuilt((e) => replace(e, 'dtypes/data/0', { method: 8 }));
      await assertRefused(input, 'SCAN_CONVERT_STORAGE_INVALID');
    });
    it('refuses a storage record shorter than its storage', async () => {
      const input = await rebuilt((e) => replace(e, 'dtypes/data/1', { data: new Uint8Array(36) }));
      await assertRefused(input, 'SCAN_CONVERT_STORAGE_INVALID');
    });
    it('refuses a missing storage record', async () => {
      const input = await rebuilt((e) => e.filter((m) => m.name !== 'dtypes/data/2'));
      await assertRefused(input, 'SCAN_CONVERT_STORAGE_INVALID');
    });
    it('refuses a view that would write far more than the file holds (a stride-0 bomb)', async () => {
      // One float, expanded to 20,000 x 20,000 (1.6 GB) by strides of 0.
      const pkl = stateDict([
        ['bomb', (b) => tensor(b, { key: '0', numel: 1, shape: [20_000, 20_000], stride: [0, 0] })],
      ])
        .stop()
        .build();
      const input = await rebuilt(() => [
        { name: 'bomb/data.pkl', data: pkl },
        { name: 'bomb/data/0', data: new Uint8Array(4) },
        { name: 'bomb/version', data: '3\n' },
      ]);
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED');
      assert.ok(error instanceof ConvertRefusedError);
      assert.equal(error.refusal.code, 'unsupported');
      assert.match(error.refusal.message, /would write 1600000000 bytes/);
    });
    it('refuses a zip with two data.pkl roots', async () => {
      const input = await rebuilt((e) => {
        const pkl = e.find((m) => m.name === 'dtypes/data.pkl');
        assert.ok(pkl !== undefined);
        return [...e, { ...pkl, name: 'other/data.pkl' }];
      });
      await assertRefused(input, 'SCAN_CONVERT_NOT_CHECKPOINT');
    });
  });
});
