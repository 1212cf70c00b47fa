import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** Rules of the Keras detectors (HDF5 `.h5` models and Keras JSON configs, including `.keras`). */
export const KERAS_RULES: readonly RuleDef[] = [
  {
    id: 'keras/lambda-layer',
    severity: 'critical',
    title: 'Keras Lambda layer with marshalled Python bytecode',
    description:
      'The model config stores a Python function as marshalled bytecode (a Keras 2 Lambda layer with ' +
      'function_type "lambda", or a Keras 3 "__lambda__" object). Loading the model unmarshals and runs ' +
      'that bytecode: anything the function does, including spawning processes, happens at load time ' +
      '(CVE-2024-3660). Keras 2 and legacy .h5 loading ignore safe_mode (CVE-2025-9905).',
    fix:
      'Do not load the model from an untrusted source. Rebuild the Lambda as a registered custom layer ' +
      'in reviewed code, re-save the model, and load with safe_mode=True on Keras 3.11 or later.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-502', 'CWE-94'],
  },
  {
    id: 'keras/unsafe-module-reference',
    severity: 'high',
    title: 'Keras config names code outside Keras and TensorFlow',
    description:
      'An object in the model config names a module and class or function that Keras imports and calls ' +
      'while deserializing the model. Outside the allowed Keras/TensorFlow modules this runs arbitrary ' +
      'Python even with safe_mode=True on Keras before 3.9 (CVE-2025-1550). Functions known to be abused ' +
      'from inside Keras itself — keras.utils.get_file (CVE-2025-8747), keras.models.load_model and ' +
      'keras.config.enable_unsafe_deserialization (CVE-2025-9906) — and process, code or file primitives ' +
      'are reported as critical.',
    fix:
      'Treat the model as hostile unless the named module is your own reviewed code; if it is, add it to ' +
      'the policy allowlist. Upgrade Keras to 3.11 or later and keep safe_mode=True.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-502', 'CWE-470'],
  },
  {
    id: 'keras/unparseable',
    severity: 'high',
    title: 'Keras model config could not be parsed',
    description:
      'The file looks like a Keras model (a model_config attribute or a Keras-shaped JSON document), but ' +
      'its config could not be read or parsed within the limits, so lambdas and module references in it ' +
      'were not checked. A scanner fails closed: an unchecked config is not a safe one.',
    fix: 'Inspect the config by hand or re-export the model with a current Keras version, then scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'hdf5/unparseable',
    severity: 'high',
    title: 'HDF5 file could not be read',
    description:
      'The file is HDF5 (the container of Keras .h5 models), but its superblock, root group or root ' +
      'attributes could not be read within the limits or use a feature the reader does not support, so ' +
      'a Keras model_config it may hold was not checked.',
    fix: 'Check the file with h5dump or h5py; re-save it with h5py defaults and scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
];

/**
 * Functions that are dangerous to name in a Keras config even though they live inside Keras or
 * TensorFlow (matched on the last name component; the module must be Keras/TensorFlow or absent).
 */
export const KERAS_ABUSED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['get_file', 'downloads a URL to any path (CVE-2025-8747)'],
  ['load_model', 'loads a second model, possibly with safe_mode off (CVE-2025-9906)'],
  ['enable_unsafe_deserialization', 'turns safe_mode off for the rest of the load (CVE-2025-9906)'],
  ['set_global_attribute', 'can turn safe_mode off (CVE-2025-9906)'],
  ['write_file', 'writes attacker-chosen bytes to a file'],
  ['py_function', 'wraps an arbitrary Python callable'],
  ['numpy_function', 'wraps an arbitrary Python callable'],
  ['py_func', 'wraps an arbitrary Python callable'],
]);
