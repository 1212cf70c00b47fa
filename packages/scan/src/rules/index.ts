import { ARCHIVE_RULES } from './archive.ts';
import { DEPS_RULES } from './deps.ts';
import { GGUF_RULES } from './gguf.ts';
import { HF_RULES } from './hf.ts';
import { HISTORY_RULES } from './history.ts';
import { KERAS_RULES } from './keras.ts';
import { MLOPS_RULES } from './mlops.ts';
import { NUMPY_RULES } from './numpy.ts';
import { ONNX_RULES } from './onnx.ts';
import { PICKLE_RULES } from './pickle.ts';
import type { RuleDef } from './rule.ts';
import { SAFETENSORS_RULES } from './safetensors.ts';
import { SCAN_RULES } from './scan.ts';
import { SECRET_RULE_PREFIX, secretRuleDef, SECRETS_RULES } from './secrets.ts';

/** Every rule of every family, in documentation order. */
export const RULES: readonly RuleDef[] = [
  ...PICKLE_RULES,
  ...ARCHIVE_RULES,
  ...NUMPY_RULES,
  ...KERAS_RULES,
  ...ONNX_RULES,
  ...GGUF_RULES,
  ...SAFETENSORS_RULES,
  ...HF_RULES,
  ...SECRETS_RULES,
  ...DEPS_RULES,
  ...MLOPS_RULES,
  ...HISTORY_RULES,
  ...SCAN_RULES,
];

const BY_ID: ReadonlyMap<string, RuleDef> = new Map(RULES.map((rule) => [rule.id, rule]));

const SECRET_DEFS = new Map<string, RuleDef>();

/**
 * The catalogue entry of a rule id, or undefined. `secrets/<id>` is the entry of any gitleaks rule,
 * shipped or user-supplied (made once per id by secretRuleDef).
 */
export function findRule(id: string): RuleDef | undefined {
  const rule = BY_ID.get(id);
  if (rule || !id.startsWith(SECRET_RULE_PREFIX)) return rule;
  let def = SECRET_DEFS.get(id);
  if (!def) {
    def = secretRuleDef(id.slice(SECRET_RULE_PREFIX.length));
    SECRET_DEFS.set(id, def);
  }
  return def;
}
