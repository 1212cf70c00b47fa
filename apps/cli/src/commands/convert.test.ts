import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCapture } from '../testing/run-cli.ts';

const repo = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

function copy(from: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-convert-cli-'));
  copyFileSync(join(repo, from), join(dir, name));
  return dir;
}

describe('mlsec convert', () => {
  it('converts a torch.save checkpoint beside it under the Hugging Face name', async () => {
    const dir = copy('fixtures/convert/tied.pt', 'pytorch_model.bin');
    const run = await runCapture(['convert', 'pytorch_model.bin'], { cwd: dir });
    assert.equal(run.code, 0, run.err);
    assert.ok(existsSync(join(dir, 'model.safetensors')));
    assert.match(
      run.err,
      /wrote .*model\.safetensors \(\d+ tensors, \d+ bytes, 1 tied name recorded; source sha256 [0-9a-f]{64}\)/,
    );
    const again = await runCapture(['convert', 'pytorch_model.bin'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.err, /SCAN_CONVERT_OUTPUT_EXISTS/);
    assert.equal(
      (await runCapture(['convert', '--force', '-q', 'pytorch_model.bin'], { cwd: dir })).code,
      0,
    );
  });

  it('refuses a malicious checkpoint with exit 1, names the global, and writes nothing', async () => {
    const malicious = readdirSync(join(repo, 'fixtures/samples/malicious/pytorch')).find((f) =>
      f.endsWith('.pt'),
    )!;
    const dir = copy(`fixtures/samples/malicious/pytorch/${malicious}`, 'evil.pt');
    const run = await runCapture(['convert', '-o', 'out.safetensors', 'evil.pt'], { cwd: dir });
    assert.equal(run.code, 1, run.err);
    assert.match(run.err, /conversion refused .*global posix\.system/);
    // The scanner's findings for the file follow the refusal.
    assert.match(run.err, /\n {2}CRITICAL pickle\/[a-z-]+ evil\.pt[^\n]*: /);
    assert.deepEqual(readdirSync(dir), ['evil.pt']);
  });

  it('converts a sharded checkpoint given as its folder, verified, with a JSON summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-convert-cli-'));
    cpSync(join(repo, 'fixtures/convert/sharded'), dir, { recursive: true });
    const run = await runCapture(['convert', '--verify', '--json', '.'], { cwd: dir });
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /shard 1\/2: .*pytorch_model-00001-of-00002\.bin/);
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => !f.startsWith('pytorch_model'))
        .sort(),
      [
        'model-00001-of-00002.safetensors',
        'model-00002-of-00002.safetensors',
        'model.safetensors.index.json',
      ],
    );
    const summary = JSON.parse(run.out) as {
      inputs: { status: string; format: string; shards: { tensors: number; verified: number }[] }[];
    };
    assert.equal(summary.inputs[0]?.status, 'converted');
    assert.equal(summary.inputs[0]?.format, 'hf-sharded');
    assert.deepEqual(
      summary.inputs[0]?.shards.map((s) => [s.tensors, s.verified]),
      [
        [2, 2],
        [3, 3],
      ],
    );
    const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8')) as {
      weight_map: Record<string, string>;
    };
    assert.equal(index.weight_map['lm_head.weight'], 'model-00002-of-00002.safetensors');
  });

  it('converts NumPy and joblib files by content, whatever their names', async () => {
    const dir = copy('fixtures/convert/arrays.npz', 'a.bin');
    copyFileSync(join(repo, 'fixtures/convert/arrays-zlib.joblib'), join(dir, 'b.pkl'));
    copyFileSync(join(repo, 'fixtures/convert/arrays.npy'), join(dir, 'c.dat'));
    const run = await runCapture(
      ['convert', '--verify', '--json', '-q', 'a.bin', 'b.pkl', 'c.dat'],
      {
        cwd: dir,
      },
    );
    assert.equal(run.code, 0, run.err);
    const summary = JSON.parse(run.out) as {
      inputs: { format: string; tensors: number; verified: number }[];
    };
    assert.deepEqual(
      summary.inputs.map((i) => [i.format, i.tensors === i.verified]),
      [
        ['npz', true],
        ['joblib', true],
        ['npy', true],
      ],
    );
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.safetensors'))
        .sort(),
      ['a.safetensors', 'b.safetensors', 'c.safetensors'],
    );
  });

  it('converts several INPUTs, reports each, and exits with the worst outcome', async () => {
    const dir = copy('fixtures/convert/dtypes.pt', 'good.pt');
    copyFileSync(join(repo, 'README.md'), join(dir, 'notes.txt'));
    const run = await runCapture(['convert', '--json', '-q', 'good.pt', 'notes.txt'], { cwd: dir });
    assert.equal(run.code, 2);
    const summary = JSON.parse(run.out) as { inputs: { status: string; code?: string }[] };
    assert.deepEqual(
      summary.inputs.map((i) => [i.status, i.code]),
      [
        ['converted', undefined],
        ['failed', 'SCAN_CONVERT_NOT_CHECKPOINT'],
      ],
    );
    assert.ok(existsSync(join(dir, 'good.safetensors')));
    const usage = await runCapture(['convert', '-o', 'x.safetensors', 'good.pt', 'notes.txt'], {
      cwd: dir,
    });
    assert.equal(usage.code, 2);
    assert.match(usage.err, /CLI_USAGE/);
  });

  it('teaches its usage, and refuses anything that is not a checkpoint with exit 2', async () => {
    const help = await runCapture(['convert', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /without unpickling them/);
    const dir = copy('README.md', 'notes.txt');
    const run = await runCapture(['convert', 'notes.txt'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.err, /SCAN_CONVERT_NOT_CHECKPOINT/);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
  });
});
