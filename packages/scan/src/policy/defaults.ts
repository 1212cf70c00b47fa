import { NUMPY_ALLOW } from './defaults/allow-numpy.ts';
import { PYTHON_ALLOW } from './defaults/allow-python.ts';
import { SKLEARN_ALLOW } from './defaults/allow-sklearn.ts';
import { TORCH_ALLOW } from './defaults/allow-torch.ts';
import { CODE_DENY } from './defaults/deny-code.ts';
import { EXECUTION_DENY } from './defaults/deny-execution.ts';
import { FRAMEWORK_DENY } from './defaults/deny-frameworks.ts';
import { IO_DENY } from './defaults/deny-io.ts';
import { RUNTIME_DENY } from './defaults/deny-runtime.ts';
import type { DenyEntry } from './defaults/entry.ts';

export { CONFIG_MODULE_EXCLUSIONS, DEFAULT_CONFIG_MODULES } from './defaults/config-modules.ts';
export type { DenyEntry } from './defaults/entry.ts';

/**
 * The default allowlist: globals that ordinary PyTorch, NumPy, scikit-learn and joblib pickles contain
 * and that only rebuild data. Exact names, or `prefix.*:class` where a library's classes are all inert
 * to construct. Never a whole module that also holds dangerous functions.
 */
export const DEFAULT_ALLOWLIST: readonly string[] = [
  ...PYTHON_ALLOW,
  ...TORCH_ALLOW,
  ...NUMPY_ALLOW,
  ...SKLEARN_ALLOW,
];

/** The default allowlist by theme, for documentation. */
export const ALLOWLIST_THEMES: readonly {
  readonly title: string;
  readonly entries: readonly string[];
}[] = [
  { title: 'Python standard library', entries: PYTHON_ALLOW },
  { title: 'PyTorch', entries: TORCH_ALLOW },
  { title: 'NumPy', entries: NUMPY_ALLOW },
  { title: 'scikit-learn, joblib, SciPy sparse, XGBoost, LightGBM', entries: SKLEARN_ALLOW },
];

/**
 * The default denylist, by theme: process execution, package installation and debuggers; dynamic code,
 * code objects, import machinery and attribute access; files and network; native code, nested
 * deserialization and interpreter state; and the dangerous corners of ML frameworks. Each entry has a
 * category (categories.ts) and a reason; findings carry both.
 */
export const DEFAULT_DENYLIST: readonly DenyEntry[] = [
  ...EXECUTION_DENY,
  ...CODE_DENY,
  ...IO_DENY,
  ...RUNTIME_DENY,
  ...FRAMEWORK_DENY,
];
