import { ARCHIVE_RULES } from './archive.ts';
import { GGUF_RULES } from './gguf.ts';
import { HF_RULES } from './hf.ts';
import { KERAS_RULES } from './keras.ts';
import { NUMPY_RULES } from './numpy.ts';
import { ONNX_RULES } from './onnx.ts';
import { PICKLE_RULES } from './pickle.ts';
import type { RuleDef } from './rule.ts';
import { SAFETENSORS_RULES } from './safetensors.ts';
import { SCAN_RULES } from './scan.ts';

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
  ...SCAN_RULES,
];

const BY_ID: ReadonlyMap<string, RuleDef> = new Map(RULES.map((rule) => [rule.id, rule]));

/** The catalogue entry of a rule id, or undefined. */
export function findRule(id: string): RuleDef | undefined {
  return BY_ID.get(id);
}
