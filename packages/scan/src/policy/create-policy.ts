import { MlsecError } from '@mlsec/core';
import { CompiledPolicy } from './compiled-policy.ts';
import type { PolicyLists } from './compiled-policy.ts';
import {
  CONFIG_MODULE_EXCLUSIONS,
  DEFAULT_ALLOWLIST,
  DEFAULT_CONFIG_MODULES,
  DEFAULT_DENYLIST,
} from './defaults.ts';
import { parseOptions } from './policy-options.ts';
import type { PolicyOptions } from './policy-options.ts';
import type { Policy } from './types.ts';

/** Result of building a policy from options that may be invalid. */
export type CompileResult =
  { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly error: string };

let defaults: PolicyLists | undefined;

/** The default lists, validated once. A default entry that fails to parse is a bug: it throws. */
function defaultLists(): PolicyLists {
  if (defaults !== undefined) return defaults;
  const parsed = parseOptions({
    allow: DEFAULT_ALLOWLIST,
    deny: DEFAULT_DENYLIST,
    configModules: [...DEFAULT_CONFIG_MODULES, ...CONFIG_MODULE_EXCLUSIONS],
  });
  if (!parsed.ok) throw new MlsecError('CORE_INTERNAL', `default policy: ${parsed.error}`);
  const { allow, deny, configModules } = parsed.value;
  const split = DEFAULT_CONFIG_MODULES.length;
  defaults = {
    allow,
    deny,
    configModules: configModules.slice(0, split),
    configExclusions: configModules.slice(split),
  };
  return defaults;
}

/** Build a policy from the defaults plus `options`; invalid options give an error, never a throw. */
export function compilePolicy(options: PolicyOptions = {}): CompileResult {
  const parsed = parseOptions(options);
  if (!parsed.ok) return parsed;
  const base = defaultLists();
  return {
    ok: true,
    policy: new CompiledPolicy({
      // User deny entries first: for a pattern both lists name, the user's category and reason win.
      deny: [...parsed.value.deny, ...base.deny],
      allow: [...base.allow, ...parsed.value.allow],
      configModules: [...base.configModules, ...parsed.value.configModules],
      configExclusions: base.configExclusions,
    }),
  };
}

/**
 * The pickle global policy: the default allowlist and denylist (defaults.ts) plus the caller's
 * additions. Matching semantics are documented on {@link CompiledPolicy}; in short, exact names and
 * `module.*` wildcards, aliases normalised (`posix`/`nt` → `os`, `__builtin__` → `builtins`), attribute
 * paths checked suffix by suffix, the denylist winning over the allowlist, anything else `unknown`.
 * Throws MlsecError SCAN_POLICY_INVALID when an option is malformed (use loadPolicy for user files).
 *
 * @example
 * const policy = createPolicy({ allow: ['mylab.models.*:class'] });
 * policy.classifyGlobal('posix', 'system');
 * // → { kind: 'dangerous', category: 'process-execution', reason: '…', pattern: 'os.system' }
 */
export function createPolicy(options: PolicyOptions = {}): Policy {
  const result = compilePolicy(options);
  if (!result.ok) throw new MlsecError('SCAN_POLICY_INVALID', result.error);
  return result.policy;
}
