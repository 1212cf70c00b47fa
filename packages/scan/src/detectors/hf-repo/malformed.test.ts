import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flipChars, prng } from '@mlsec/formats/testing';
import { createHfRepoDetector, hfRepoDetector } from './detector.ts';
import { card, json } from './testing/builders.ts';
import type { FakeFile } from './testing/fake-repo.ts';
import { hasControlChars, runRepoDetector } from './testing/fake-repo.ts';

/** Valid samples of every file the review parses. */
const SAMPLES: Readonly<Record<string, string>> = {
  'config.json': json({
    model_type: 'x',
    auto_map: { AutoModel: 'org/r--m.M', AutoConfig: 'c.C' },
  }),
  'tokenizer_config.json': json({ auto_map: { AutoTokenizer: ['t.Slow', null] } }),
  'modules.json': json([{ idx: 0, type: 'custom.Mod', path: '' }]),
  'model_index.json': json({ _class_name: ['p', 'P'], unet: ['u', 'U'] }),
  'README.md': card('license: other', 'license_name: x', 'tags: [a, b]'),
  'm.py': 'from .c import C\nimport os as o\nclass M:\n  def f(self): o.system(f"{x!r}")\n',
};

/** A small repository around the file under test (SafeTensors weights make it a repository by name). */
function repoWith(name: string, content: FakeFile): Record<string, FakeFile> {
  return { 'c.py': 'x = 1\n', 'model.safetensors': '', [name]: content };
}

async function reviewQuietly(files: Record<string, FakeFile>): Promise<number> {
  const run = await runRepoDetector(hfRepoDetector, files);
  for (const report of run.reports)
    assert.equal(hasControlChars(report.message), false, report.message);
  return run.reports.length;
}

describe('hfRepoDetector on malformed repositories', () => {
  describe('when every parsed file is empty', () => {
    it('reports unparseable configs and a missing licence, and never throws', async () => {
      const files: Record<string, FakeFile> = {};
      for (const name of Object.keys(SAMPLES)) files[name] = '';
      const run = await runRepoDetector(hfRepoDetector, files);
      const rules = new Set(run.reports.map((r) => r.ruleId));
      assert.ok(rules.has('hf/unparseable-config'));
      assert.ok(rules.has('hf/license-missing'));
    });
  });

  describe('when each file is cut at every point', () => {
    it('never throws', async () => {
      let reports = 0;
      for (const [name, text] of Object.entries(SAMPLES)) {
        for (let end = 0; end <= text.length; end += 1)
          reports += await reviewQuietly(repoWith(name, text.slice(0, end)));
      }
      assert.ok(reports > 0);
    });
  });

  describe('when random characters are flipped', () => {
    it('never throws (1000 seeded mutations across all files)', async () => {
      const random = prng(0xbad5eed);
      const names = Object.keys(SAMPLES);
      let reports = 0;
      for (let n = 0; n < 1000; n += 1) {
        const name = names[n % names.length] ?? 'config.json';
        reports += await reviewQuietly(
          repoWith(name, flipChars(SAMPLES[name] ?? '', random, 1 + (n % 4))),
        );
      }
      assert.ok(reports > 0);
    });
  });

  describe('when limits are overrun', () => {
    it('reports instead of failing when every bound is tiny', async () => {
      const detector = createHfRepoDetector({
        maxConfigBytes: 8,
        maxConfigFiles: 1,
        maxReadmeBytes: 8,
        maxFrontMatterBytes: 4,
        maxPythonFileBytes: 8,
        maxPythonFiles: 1,
        maxPythonTotalBytes: 8,
        maxTokensPerFile: 2,
        maxFindingsPerFile: 0,
        maxNestedCandidates: 0,
      });
      const run = await runRepoDetector(detector, {
        ...SAMPLES,
        'x.py': 'import os\nos.system("x")\n',
      });
      const codes = new Set(run.reports.map((r) => r.evidence?.['code']));
      assert.ok(codes.has('HF_JSON_TOO_LARGE') || codes.has('HF_TOO_MANY_CONFIGS'));
      assert.ok(codes.has('HF_PY_BUDGET'));
      assert.ok(codes.has('HF_PY_TOO_LARGE'));
    });
  });
});
