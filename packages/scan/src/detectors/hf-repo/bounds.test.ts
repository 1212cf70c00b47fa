import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { createHfRepoDetector, hfRepoDetector } from './detector.ts';
import { customCodeRepo, modelRepo } from './testing/builders.ts';
import { ofRule, runRepoDetector } from './testing/fake-repo.ts';

const GIB = 1024 * 1024 * 1024;

describe('hfRepoDetector bounds', () => {
  describe('when a Python file is huge', () => {
    it('reads only its first bytes and reports the file as not fully reviewed', async () => {
      const detector = createHfRepoDetector({ maxPythonFileBytes: 64 * 1024 });
      const run = await runRepoDetector(
        detector,
        customCodeRepo({
          repeat: 'import os\nx = 1  # padding\n',
          bytes: 2 * GIB,
          tail: 'os.system("late")\n',
        }),
      );
      const read = run.reads.get('modeling_custom.py') ?? Infinity;
      assert.ok(read <= 64 * 1024 + 1, `read ${read} bytes`);
      assert.deepEqual(
        ofRule(run, 'hf/code-not-reviewed').map((r) => [r.file, r.evidence?.['code']]),
        [['modeling_custom.py', 'HF_PY_TOO_LARGE']],
      );
      assert.deepEqual(ofRule(run, 'hf/dangerous-code'), []); // the payload past the cut was never read
    });

    it('reviews a padded file in full when it fits, finding the payload at its end', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        customCodeRepo({
          repeat: '# padding line\n',
          bytes: 15 * 13_000,
          tail: 'import os\nos.system("late")\n',
        }),
      );
      assert.equal(ofRule(run, 'hf/dangerous-code')[0]?.severity, 'critical');
      assert.deepEqual(ofRule(run, 'hf/code-not-reviewed'), []);
    });
  });

  describe('when there are more Python files than the budget', () => {
    it('reviews load-time files first and reports the skipped ones once', async () => {
      const extra: Record<string, string> = {};
      for (let i = 0; i < 10; i += 1) extra[`aaa/script_${i}.py`] = 'x = 1\n';
      const detector = createHfRepoDetector({ maxPythonFiles: 3 });
      const run = await runRepoDetector(
        detector,
        customCodeRepo('import os\nos.system("x")\n', extra),
      );
      assert.equal(ofRule(run, 'hf/dangerous-code')[0]?.file, 'modeling_custom.py');
      const skipped = ofRule(run, 'hf/code-not-reviewed');
      assert.deepEqual(
        skipped.map((r) => [r.file, r.evidence?.['code']]),
        [['', 'HF_PY_BUDGET']],
      );
      assert.match(
        skipped[0]?.message ?? '',
        /^Python code of this repository was not fully reviewed: 9 \.py files/,
      );
    });
  });

  describe('when configuration or README files are huge', () => {
    it('reports the config as unparseable and reads a bounded prefix of the README', async () => {
      const run = await runRepoDetector(
        createHfRepoDetector({ maxConfigBytes: 1000, maxReadmeBytes: 2000 }),
        modelRepo({
          'tokenizer_config.json': { repeat: '{"a": [', bytes: GIB },
          'README.md': { repeat: '---\nlicense: mit\n---\n', bytes: GIB },
        }),
      );
      assert.ok(run.maxRead <= 2001, `read ${run.maxRead} bytes`);
      assert.equal(
        ofRule(run, 'hf/unparseable-config')[0]?.evidence?.['code'],
        'HF_JSON_TOO_LARGE',
      );
      assert.equal(ofRule(run, 'hf/license')[0]?.evidence?.['license'], 'mit');
    });

    it('never reads more than the scan limits allow', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({ 'a.py': { repeat: 'x\n', bytes: GIB } }),
        {
          limits: makeLimits({ maxBytes: 4096 }),
        },
      );
      assert.ok(run.maxRead <= 4097, `read ${run.maxRead} bytes`);
    });
  });
});
