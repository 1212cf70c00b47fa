/** Hugging Face repository review: a folder-level detector (RepoDetector). */
export { hfRepoDetector, createHfRepoDetector } from './detector.ts';
export { DEFAULT_HF_REPO_OPTIONS } from './options.ts';
export type { HfRepoOptions } from './options.ts';
export { parseJsonSafe } from './safe-json.ts';
export type { JsonLimits } from './safe-json.ts';
