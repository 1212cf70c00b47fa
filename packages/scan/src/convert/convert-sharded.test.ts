import assert from 'node:assert/strict';
import {
  cpSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, MlsecError, memorySource } from '@mlsec/core';
import { parseNpy } from '@mlsec/formats';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';
import { ConvertRefusedError } from './checkpoint-source.ts';
import { convertSharded, safetensorsShardName } from './convert-sharded.ts';

// The HF-style sharded checkpoint torch 1.13 wrote (fixtures/convert/generate.py).
const ROOT = fileURLToPath(new URL('../../../../fixtures/convert/', import.meta.url));
const SAMPLES = fileURLToPath(
  new URL('../../../../fixtures/samples/malicious/pytorch/', import.meta.url),
);
const INDEX = 'pytorch_model.bin.index.json';
const SHARD_1 = 'pytorch_model-00001-of-00002.bin';
const SHARD_2 = 'pytorch_model-00002-of-00002.bin';

interface ShardManifest {
  file: string;
  tensors: { name: string; dtype: string; shape: number[]; expected: string }[];
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'expected/manifest.json'), 'utf8')) as {
  fixtures: { sharded: { shards: ShardManifest[] } };
};

const temp = mkdtempSync(join(tmpdir(), 'mlsec-sharded-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** A fresh copy of the sharded fixture. */
function copyFixture(): string {
  const dir = mkdtempSync(join(temp, 'case-'));
  cpSync(join(ROOT, 'sharded'), dir, { recursive: true });
  return dir;
}

function writeIndex(dir: string, weightMap: Record<string, string>): void {
  writeFileSync(
    join(dir, INDEX),
    JSON.stringify({ metadata: { total_size: 1 }, weight_map: weightMap }),
  );
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.startsWith('pytorch_model'))
    .sort();
const outputs = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => !f.startsWith('pytorch_model'))
    .sort();

async function rejects(promise: Promise<unknown>, code: string): Promise<MlsecError> {
  let caught: MlsecError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof MlsecError, String(error));
    assert.equal(error.code, code, error.message);
    caught = error;
    return true;
  });
  return caught!;
}

describe('convertSharded', () => {
  it('names shards as transformers does', () => {
    assert.equal(safetensorsShardName(SHARD_1), 'model-00001-of-00002.safetensors');
    assert.equal(safetensorsShardName('pytorch_model.bin'), 'model.safetensors');
    assert.equal(safetensorsShardName('weights-3.pt'), 'weights-3.safetensors');
  });

  it("converts every shard, element for element equal to torch's, and writes the SafeTensors index", async () => {
    const dir = copyFixture();
    const result = await convertSharded(join(dir, INDEX), dir, { verify: true });
    assert.deepEqual(outputs(dir), [
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
    ]);
    let total = 0;
    const weightMap: Record<string, string> = {};
    for (const shard of manifest.fixtures.sharded.shards) {
      const out = join(dir, safetensorsShardName(shard.file));
      const { metadata, tensors } = await readSafetensorsFile(out);
      assert.equal(metadata['format'], 'pt');
      assert.equal(tensors.size, shard.tensors.length);
      for (const t of shard.tensors) {
        const got = tensors.get(t.name);
        assert.ok(got, `${t.name} is missing from ${out}`);
        assert.equal(got.dtype, t.dtype);
        assert.deepEqual(got.shape, t.shape);
        const npy = readFileSync(join(ROOT, t.expected));
        const header = await parseNpy(memorySource(npy), DEFAULT_LIMITS);
        assert.ok(header.ok);
        const want = npy.subarray(header.value.dataOffset);
        assert.equal(Buffer.compare(Buffer.from(got.bytes), want), 0, `${t.name} differs`);
        total += got.bytes.length;
        weightMap[t.name] = safetensorsShardName(shard.file);
      }
    }
    const text = readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8');
    const sorted = Object.fromEntries(
      Object.entries(weightMap).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    assert.equal(
      text,
      `${JSON.stringify({ metadata: { total_size: total }, weight_map: sorted }, null, 2)}\n`,
    );
    assert.equal(result.totalSize, total);
    assert.deepEqual(
      result.shards.map((s) => s.result.verified),
      [2, 3],
    );
  });

  it('leaves tied duplicates out of the weight map and records them in their shard', async () => {
    const dir = mkdtempSync(join(temp, 'tied-'));
    copyFileSync(join(ROOT, 'tied.pt'), join(dir, 'pytorch_model-00001-of-00001.bin'));
    const file = 'pytorch_model-00001-of-00001.bin';
    writeIndex(dir, {
      'embed.weight': file,
      'norm.weight': file,
      'norm.bias': file,
      'lm_head.weight': file,
    });
    const result = await convertSharded(join(dir, INDEX), dir);
    assert.deepEqual(Object.keys(result.weightMap), ['embed.weight', 'norm.bias', 'norm.weight']);
    const { metadata } = await readSafetensorsFile(join(dir, 'model-00001-of-00001.safetensors'));
    assert.equal(metadata['lm_head.weight'], 'embed.weight');
  });

  describe('when the index and the shards disagree', () => {
    const cases: [string, Record<string, string>][] = [
      ['a name listed for a shard that does not hold it', { 'model.norm.weight': SHARD_1 }],
      ['a tensor a shard holds but the index does not list', {}],
    ];
    for (const [what, change] of cases) {
      it(`stops on ${what} and removes what it wrote`, async () => {
        const dir = copyFixture();
        const index = JSON.parse(readFileSync(join(dir, INDEX), 'utf8')) as {
          weight_map: Record<string, string>;
        };
        const weightMap = { ...index.weight_map, ...change };
        if (Object.keys(change).length === 0) delete weightMap['model.norm.weight'];
        writeIndex(dir, weightMap);
        await rejects(convertSharded(join(dir, INDEX), dir), 'SCAN_CONVERT_INDEX_INVALID');
        assert.deepEqual(outputs(dir), []);
      });
    }

    it('refuses shard names outside the index folder before reading any shard', async () => {
      for (const bad of ['../pytorch_model.bin', '/etc/passwd', 'sub/x.bin', '..', 'a\\b.bin']) {
        const dir = copyFixture();
        writeIndex(dir, { w: bad });
        await rejects(convertSharded(join(dir, INDEX), dir), 'SCAN_CONVERT_INDEX_INVALID');
        assert.deepEqual(outputs(dir), []);
      }
    });

    it('refuses an index that is not JSON with a weight_map', async () => {
      for (const text of [
        '{',
        '[]',
        '{"weight_map": []}',
        '{"weight_map": {}}',
        '{"weight_map": {"a": 1}}',
      ]) {
        const dir = copyFixture();
        writeFileSync(join(dir, INDEX), text);
        await rejects(convertSharded(join(dir, INDEX), dir), 'SCAN_CONVERT_INDEX_INVALID');
      }
    });
  });

  it('removes the shards already written when a later shard carries a payload', async () => {
    const dir = copyFixture();
    copyFileSync(join(SAMPLES, 'os-system.pt'), join(dir, SHARD_2));
    const error = await rejects(convertSharded(join(dir, INDEX), dir), 'SCAN_CONVERT_REFUSED');
    assert.ok(error instanceof ConvertRefusedError);
    assert.equal(error.refusal.global, 'posix.system');
    assert.ok(error.findings.some((f) => f.severity === 'critical'));
    assert.deepEqual(outputs(dir), []);
    assert.deepEqual(sourceFiles(dir), [SHARD_1, SHARD_2, INDEX].sort());
  });

  it('refuses to replace an existing output unless forced, before converting anything', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'model.safetensors.index.json'), 'keep');
    await rejects(convertSharded(join(dir, INDEX), dir), 'SCAN_CONVERT_OUTPUT_EXISTS');
    assert.deepEqual(outputs(dir), ['model.safetensors.index.json']);
    await convertSharded(join(dir, INDEX), dir, { force: true });
    assert.notEqual(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'), 'keep');
  });
});
