import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { hfRepoDetector } from './detector.ts';
import { diskRepo, runRepoDetector } from './testing/fake-repo.ts';

/** Repositories written by fixtures/generate.py (see fixtures/README.md). */
const samples = fileURLToPath(new URL('../../../../../fixtures/samples/', import.meta.url));

async function review(folder: string): Promise<string[]> {
  const run = await runRepoDetector(hfRepoDetector, diskRepo(`${samples}${folder}`), {
    relativeRoot: folder,
  });
  return run.reports.map((r) => `${r.ruleId}:${r.severity ?? 'default'}:${r.file}`);
}

describe('hfRepoDetector on the generated fixture repositories', () => {
  describe('when the repository is benign', () => {
    it('reports only the licence', async () => {
      assert.deepEqual(await review('benign/hf-safe-repo'), ['hf/license:default:README.md']);
    });
  });

  describe('when auto_map points at a module that runs os.system on import', () => {
    it('reports the remote code and the call as critical', async () => {
      assert.deepEqual(await review('malicious/hf-remote-code-repo'), [
        'hf/remote-code-required:default:config.json',
        'hf/remote-code-required:default:config.json',
        'hf/dangerous-code:critical:modeling_evil.py',
        'hf/license:default:README.md',
      ]);
    });
  });

  describe('when the only weights are a pickle', () => {
    it('reports them as pickle-only, at most medium', async () => {
      assert.deepEqual(await review('suspicious/hf-pickle-only-repo'), [
        'hf/pickle-weights-only:default:pytorch_model.bin',
        'hf/license:default:README.md',
      ]);
    });
  });
});
