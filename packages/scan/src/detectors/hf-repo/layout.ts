/** Path helpers and file-name markers of Hugging Face repositories ('/'-separated relative paths). */

/** Folder of a relative path ('' at the top). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Last segment of a relative path. */
export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Join a folder ('' for the top) and a relative name. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Configuration files transformers reads `auto_map` from (plus names other loaders and older versions use). */
export const AUTO_MAP_FILES: ReadonlySet<string> = new Set([
  'config.json',
  'tokenizer_config.json',
  'processor_config.json',
  'preprocessor_config.json',
  'video_preprocessor_config.json',
  'feature_extractor_config.json',
  'image_processor_config.json',
  'generation_config.json',
]);

/** Every JSON configuration the review parses for code references. */
export function isCodeConfig(name: string): boolean {
  return AUTO_MAP_FILES.has(name) || name === 'modules.json' || name === 'model_index.json';
}

const STRONG_NAMES = new Set([
  'tokenizer_config.json',
  'tokenizer.json',
  'special_tokens_map.json',
  'modules.json',
  'config_sentence_transformers.json',
  'model_index.json',
  'adapter_config.json',
  'generation_config.json',
  'processor_config.json',
  'preprocessor_config.json',
  'tf_model.h5',
]);
const STRONG_PATTERNS: readonly RegExp[] = [
  /\.safetensors$/,
  /\.safetensors\.index\.json$/,
  /\.gguf$/,
  /^(diffusion_)?pytorch_model.*\.bin(\.index\.json)?$/,
  /^flax_model.*\.msgpack$/,
];

/** A file name that by itself says "this folder is a Hugging Face repository". */
export function isStrongMarker(name: string): boolean {
  return STRONG_NAMES.has(name) || STRONG_PATTERNS.some((re) => re.test(name));
}

/** A name worth a look: strong, or config.json / README.md whose content decides. */
export function isMarker(name: string): boolean {
  return isStrongMarker(name) || name === 'config.json' || name === 'README.md';
}

/** Keys only a model configuration has (transformers PretrainedConfig, diffusers ConfigMixin). */
export const MODEL_CONFIG_KEYS: readonly string[] = [
  'model_type',
  'architectures',
  'auto_map',
  'custom_pipelines',
  '_name_or_path',
  'transformers_version',
  '_class_name',
  '_diffusers_version',
  'torch_dtype',
];

/** Model card metadata keys (https://huggingface.co/docs/hub/model-cards#model-card-metadata). */
export const MODEL_CARD_KEYS: readonly string[] = [
  'license',
  'license_name',
  'license_link',
  'library_name',
  'pipeline_tag',
  'tags',
  'base_model',
  'datasets',
  'language',
  'model-index',
  'model_name',
  'metrics',
  'widget',
  'inference',
];
