/** The pickle global policy: default allowlist and denylist, user policy files, Keras config modules. */
export { createPolicy, compilePolicy } from './create-policy.ts';
export type { CompileResult } from './create-policy.ts';
export { loadPolicy, MAX_POLICY_BYTES, MAX_POLICY_ENTRIES } from './load-policy.ts';
export type { LoadPolicyResult, LoadPolicyLimits } from './load-policy.ts';
export type { PolicyOptions, DenyRuleInput } from './policy-options.ts';
export { DENY_CATEGORIES, isDenyCategory } from './categories.ts';
export type { DenyCategory } from './categories.ts';
export {
  DEFAULT_ALLOWLIST,
  DEFAULT_DENYLIST,
  DEFAULT_CONFIG_MODULES,
  CONFIG_MODULE_EXCLUSIONS,
} from './defaults.ts';
export type { DenyEntry } from './defaults.ts';
export { normalizePath } from './normalize.ts';
export { policyListsMarkdown, updatePolicyMarkdown } from './policy-markdown.ts';
export type { Policy, GlobalVerdict } from './types.ts';
