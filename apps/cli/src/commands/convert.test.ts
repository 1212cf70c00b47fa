import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
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
    assert.match(again.err, /CLI_OUTPUT_FAILED/);
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
    assert.deepEqual(readdirSync(dir), ['evil.pt']);
  });

  it('teaches its usage, and refuses anything that is not a checkpoint with exit 2', async () => {
    const help = await runCapture(['convert', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /without unpickling it/);
    const dir = copy('README.md', 'notes.txt');
    const run = await runCapture(['convert', 'notes.txt'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.err, /SCAN_CONVERT_NOT_CHECKPOINT/);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
  });
});
