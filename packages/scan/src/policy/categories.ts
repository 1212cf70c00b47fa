/**
 * Denylist categories: stable ids that findings carry as evidence and that policy files may name. A
 * category says what a dangerous global can do once the unpickler imports or calls it; the reason on each
 * entry says how.
 */
export const DENY_CATEGORIES = {
  'process-execution': 'Runs shell commands or starts programs.',
  'package-install': 'Installs packages or builds environments, which runs their setup code.',
  'dynamic-code': 'Evaluates or executes source code given as a string.',
  'code-object': 'Builds functions, classes or code objects from raw bytecode or serialized code.',
  'import-machinery':
    'Imports modules, or resolves any object from a name, by string at load time.',
  'attribute-access':
    'Reaches attributes, items or namespaces of arbitrary objects: the usual way to climb from an ' +
    'allowed object to a dangerous one.',
  'nested-deserialization':
    'Deserializes embedded bytes or another file with a loader that can itself run code.',
  'native-code': 'Loads shared libraries, compiles native code or calls native functions directly.',
  'file-system': 'Reads, writes, moves, deletes or lists files.',
  network: 'Opens network connections, serves, or downloads content.',
  debugger: 'Starts an interactive debugger.',
  'interpreter-state':
    'Changes process-wide interpreter state: loaded modules, threads, signals, exit hooks, pickle ' +
    'registries.',
  'user-policy': 'Denied by the policy file.',
} as const;

/** A built-in category id. Policy files may also use their own kebab-case ids. */
export type DenyCategory = keyof typeof DENY_CATEGORIES;

/** Category given to a policy-file deny entry that names none. */
export const USER_CATEGORY: DenyCategory = 'user-policy';

/** Shape of a category id: kebab-case, short. */
export const CATEGORY_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** True for one of the built-in category ids. */
export function isDenyCategory(value: string): value is DenyCategory {
  return Object.hasOwn(DENY_CATEGORIES, value);
}
