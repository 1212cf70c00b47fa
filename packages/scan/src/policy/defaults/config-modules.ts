/**
 * Modules a Keras `.keras` config may name in its `module` fields. Keras 3 itself (since the fix for
 * CVE-2025-1550) only imports modules under its own packages in safe mode; these are the same roots,
 * plus Keras 2 (`tf_keras`, `tensorflow.keras`).
 */
export const DEFAULT_CONFIG_MODULES: readonly string[] = [
  'keras.*',
  'tf_keras.*',
  'tensorflow.keras.*',
  'keras_hub.*',
  'keras_nlp.*',
  'keras_cv.*',
];

/**
 * Submodules of those roots that a config must not name even so: file download and model loading
 * helpers (`keras.utils.get_file` was the gadget of CVE-2025-8747). The global denylist applies too,
 * so a config naming a denied module (or a denied `module.class_name`) is never allowed.
 */
export const CONFIG_MODULE_EXCLUSIONS: readonly string[] = [
  'keras.utils.*',
  'keras.src.utils.*',
  'keras.saving.*',
  'keras.src.saving.*',
  'keras.src.legacy.saving.*',
  'tf_keras.utils.*',
  'tf_keras.src.utils.*',
  'tf_keras.saving.*',
  'tf_keras.src.saving.*',
  'tensorflow.keras.utils.*',
  'tensorflow.keras.saving.*',
];
