import { fail, issue, ok } from '@mlsec/core';
import type { ParseResult } from '@mlsec/core';
import { parseSafeJson } from '../bundle/safe-json.ts';
import { BOM_INPUT_IGNORED } from './issues.ts';
import { clip } from './limits.ts';
import type { BomLimits } from './limits.ts';

/** What the BOM takes from a Hugging Face `config.json` (transformers PretrainedConfig keys). */
export interface ConfigFields {
  /** `architectures`, e.g. `["BertForSequenceClassification"]`. */
  readonly architectures: readonly string[];
  /** `model_type`, e.g. `bert`: the architecture family. */
  readonly modelType?: string;
  /** `license`, which a few configs carry. */
  readonly license?: string;
}

type Bounds = Pick<BomLimits, 'configBytes' | 'stringChars' | 'listItems'>;

function text(value: unknown, bounds: Bounds): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? clip(value.trim(), bounds.stringChars)
    : undefined;
}

/** Parse config.json bytes (bounded, prototype-pollution-safe JSON). Never throws. */
export function readModelConfig(bytes: Uint8Array, bounds: Bounds): ParseResult<ConfigFields> {
  const json = parseSafeJson(bytes, bounds.configBytes);
  if (!json.ok) {
    const why = json.issues[0]?.message ?? 'unreadable';
    return fail([issue(BOM_INPUT_IGNORED, `config.json left out: ${why}`)]);
  }
  const root = json.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return fail([issue(BOM_INPUT_IGNORED, 'config.json left out: not a JSON object')]);
  }
  const config = root as Readonly<Record<string, unknown>>;
  const list = config['architectures'];
  const architectures = Array.isArray(list)
    ? list
        .slice(0, bounds.listItems)
        .map((a) => text(a, bounds))
        .filter((a): a is string => a !== undefined)
    : [];
  const modelType = text(config['model_type'], bounds);
  const license = text(config['license'], bounds);
  return ok({
    architectures,
    ...(modelType !== undefined ? { modelType } : {}),
    ...(license !== undefined ? { license } : {}),
  });
}
