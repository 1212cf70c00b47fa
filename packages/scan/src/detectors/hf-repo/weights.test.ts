import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hfRepoDetector } from './detector.ts';
import { json } from './testing/builders.ts';
import type { FakeFile } from './testing/fake-repo.ts';
import { runRepoDetector } from './testing/fake-repo.ts';

/** A repository of the given weight files (empty contents: the review looks at names only). */
function weights(...names: string[]): Record<string, FakeFile> {
  const files: Record<string, FakeFile> = { 'config.json': json({ model_type: 'x' }) };
  for (const name of names) files[name] = '';
  return files;
}

const layout = async (...names: string[]): Promise<string[]> => {
  const run = await runRepoDetector(hfRepoDetector, weights(...names), {
    relativeRoot: 'models/x',
  });
  return run.reports.map((r) => `${r.ruleId} ${r.file}`);
};

describe('hfRepoDetector weight layout review', () => {
  describe('when pickle-based weights have no SafeTensors equivalent', () => {
    it('reports hf/pickle-weights-only once per family of shards', async () => {
      assert.deepEqual(
        await layout(
          'pytorch_model-00001-of-00002.bin',
          'pytorch_model-00002-of-00002.bin',
          'pytorch_model.bin.index.json',
        ),
        ['hf/pickle-weights-only pytorch_model-00001-of-00002.bin'],
      );
      assert.deepEqual(await layout('v1-5.ckpt', 'extra/head.pt', 'clf.joblib'), [
        'hf/pickle-weights-only clf.joblib',
        'hf/pickle-weights-only extra/head.pt',
        'hf/pickle-weights-only v1-5.ckpt',
      ]);
    });

    it('does not count SafeTensors of another family or another folder', async () => {
      assert.deepEqual(
        await layout('pytorch_model.bin', 'adapter_model.safetensors', 'sub/model.safetensors'),
        ['hf/pickle-weights-only pytorch_model.bin'],
      );
    });
  });

  describe('when pickle-based weights ship beside SafeTensors', () => {
    it('pairs pytorch_model shards with model shards even when shard counts differ', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        weights(
          'pytorch_model-00001-of-00003.bin',
          'pytorch_model-00002-of-00003.bin',
          'pytorch_model-00003-of-00003.bin',
          'model-00001-of-00002.safetensors',
          'model-00002-of-00002.safetensors',
          'model.safetensors.index.json',
        ),
        { relativeRoot: 'x' },
      );
      const [finding] = run.reports;
      assert.equal(run.reports.length, 1);
      assert.equal(finding?.ruleId, 'hf/pickle-weights-beside-safetensors');
      assert.equal(finding?.evidence?.['files'], 3);
      assert.equal(finding?.evidence?.['safetensorsComplete'], true);
    });

    it('pairs variants and diffusers names, and notes an incomplete SafeTensors shard set', async () => {
      assert.deepEqual(
        await layout(
          'pytorch_model.fp16.bin',
          'model.fp16.safetensors',
          'diffusion_pytorch_model.bin',
          'diffusion_pytorch_model.safetensors',
        ),
        [
          'hf/pickle-weights-beside-safetensors diffusion_pytorch_model.bin',
          'hf/pickle-weights-beside-safetensors pytorch_model.fp16.bin',
        ],
      );
      const run = await runRepoDetector(
        hfRepoDetector,
        weights(
          'pytorch_model.bin',
          'model-00001-of-00003.safetensors',
          'model-00003-of-00003.safetensors',
        ),
        { relativeRoot: 'x' },
      );
      assert.equal(run.reports[0]?.evidence?.['safetensorsComplete'], false);
      assert.match(run.reports[0]?.message ?? '', /incomplete \(2 of 3\)/);
    });
  });

  describe('when training state is present', () => {
    it('reports each file as hf/pickle-training-state', async () => {
      assert.deepEqual(
        await layout('model.safetensors', 'training_args.bin', 'optimizer.pt', 'rng_state_0.pth'),
        [
          'hf/pickle-training-state optimizer.pt',
          'hf/pickle-training-state rng_state_0.pth',
          'hf/pickle-training-state training_args.bin',
        ],
      );
    });
  });

  describe('when weights are in formats that cannot run code', () => {
    it('reports nothing for SafeTensors, GGUF, Flax msgpack or unknown .bin names', async () => {
      assert.deepEqual(
        await layout('model.safetensors', 'model.gguf', 'flax_model.msgpack', 'ggml-model.bin'),
        [],
      );
    });
  });
});
