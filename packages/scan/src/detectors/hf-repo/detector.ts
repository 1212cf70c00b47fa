import type { RepoContext, RepoDetector } from '../../engine/context.ts';
import { baseOf, dirOf, isMarker } from './layout.ts';
import { DEFAULT_HF_REPO_OPTIONS, effectiveOptions } from './options.ts';
import type { HfRepoOptions } from './options.ts';
import { RepoState } from './repo-state.ts';
import { reviewCard } from './review-card.ts';
import { reviewConfigs } from './review-configs.ts';
import { reviewPython } from './review-python.ts';
import { reviewWeights } from './weights.ts';

/**
 * Files of this repository, leaving out subfolders that are repositories of their own (a diffusers
 * `unet/`, a sentence-transformers module with its config): the engine runs the detector on those folders
 * too, so each file is reviewed once, by the innermost repository that holds it.
 */
async function ownFiles(state: RepoState): Promise<readonly string[]> {
  const candidates = state
    .dirs()
    .filter((dir) => dir !== '' && state.namesIn(dir).some(isMarker))
    .sort()
    .slice(0, state.options.maxNestedCandidates);
  const nested = new Set<string>();
  for (const dir of candidates) if (await state.isRepoRoot(dir)) nested.add(dir);
  if (nested.size === 0) return state.ctx.files;
  return state.ctx.files.filter((file) => {
    for (let dir = dirOf(file); dir !== ''; dir = dirOf(dir)) if (nested.has(dir)) return false;
    return true;
  });
}

/**
 * A Hugging Face repository review with custom bounds (tests use small ones).
 * @example
 * const detector = createHfRepoDetector({ maxPythonFiles: 50 });
 */
export function createHfRepoDetector(overrides: Partial<HfRepoOptions> = {}): RepoDetector {
  const base: HfRepoOptions = { ...DEFAULT_HF_REPO_OPTIONS, ...overrides };
  return {
    id: 'hf-repo',
    applies(files: readonly string[]): boolean {
      return files.some((file) => !file.includes('/') && isMarker(baseOf(file)));
    },
    async run(ctx: RepoContext): Promise<void> {
      const state = new RepoState(ctx, effectiveOptions(base, ctx.limits));
      // config.json and README.md are common outside model repositories: their content decides.
      if (!(await state.isRepoRoot(''))) return;
      const files = await ownFiles(state);
      const loadTime = await reviewConfigs(state, files);
      await reviewPython(state, files, loadTime);
      reviewWeights(ctx, files);
      await reviewCard(state);
    },
  };
}

/**
 * Reviews a Hugging Face model repository as a whole: code that loading runs (auto_map,
 * custom_pipelines, trust_remote_code), dangerous calls in its Python files, pickle-based weights
 * and their SafeTensors equivalents, unparseable configurations, and the model card licence.
 */
export const hfRepoDetector: RepoDetector = createHfRepoDetector();
