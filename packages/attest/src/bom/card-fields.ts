import { clip } from './limits.ts';
import type { BomLimits } from './limits.ts';
import { isPlainMap } from './plain-yaml.ts';
import type { Plain, PlainMap } from './plain-yaml.ts';

/** One `model-index` metric, flattened for CycloneDX `performanceMetrics`. */
export interface CardMetric {
  readonly type: string;
  readonly value: string;
  readonly slice?: string;
}

/** The model-card fields the BOM uses, as bounded strings (Hugging Face model card metadata keys). */
export interface CardFields {
  readonly modelName?: string;
  readonly version?: string;
  readonly license?: readonly string[];
  readonly licenseName?: string;
  readonly licenseLink?: string;
  readonly pipelineTag?: string;
  readonly baseModel: readonly string[];
  readonly libraryName?: string;
  readonly tags: readonly string[];
  readonly language: readonly string[];
  readonly datasets: readonly string[];
  readonly metrics: readonly CardMetric[];
}

type Bounds = Pick<BomLimits, 'stringChars' | 'listItems'>;

/** A scalar as text (numbers and booleans too, as YAML authors write `version: 1.0`). */
function text(value: Plain | undefined, bounds: Bounds): string | undefined {
  if (typeof value === 'string')
    return value.trim() === '' ? undefined : clip(value.trim(), bounds.stringChars);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A scalar or a list of scalars, as a bounded list of texts. */
function texts(value: Plain | undefined, bounds: Bounds): string[] {
  const items = Array.isArray(value) ? (value as readonly Plain[]) : [value];
  const out: string[] = [];
  for (const item of items) {
    const t = text(item, bounds);
    if (t !== undefined && !out.includes(t)) out.push(t);
    if (out.length >= bounds.listItems) break;
  }
  return out;
}

function get(map: PlainMap | undefined, key: string): Plain | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

function maps(value: Plain | undefined): PlainMap[] {
  return Array.isArray(value)
    ? (value as readonly Plain[]).filter(isPlainMap)
    : isPlainMap(value)
      ? [value]
      : [];
}

/**
 * `model-index[].results[].metrics[]` (the Hub's evaluation results): each metric becomes `{type, value}`,
 * sliced by the dataset (and split) it was measured on.
 */
function metricsOf(card: PlainMap, bounds: Bounds): CardMetric[] {
  const out: CardMetric[] = [];
  for (const entry of maps(get(card, 'model-index'))) {
    for (const result of maps(get(entry, 'results'))) {
      const dataset = maps(get(result, 'dataset'))[0];
      const sliceParts = [
        text(get(dataset, 'name'), bounds) ?? text(get(dataset, 'type'), bounds),
        text(get(dataset, 'split'), bounds),
      ].filter((p): p is string => p !== undefined);
      for (const metric of maps(get(result, 'metrics'))) {
        const type = text(get(metric, 'type'), bounds) ?? text(get(metric, 'name'), bounds);
        const value = text(get(metric, 'value'), bounds);
        if (type === undefined || value === undefined) continue;
        out.push(
          sliceParts.length > 0
            ? { type, value, slice: clip(sliceParts.join(' / '), bounds.stringChars) }
            : { type, value },
        );
        if (out.length >= bounds.listItems) return out;
      }
    }
  }
  return out;
}

/** Read the fields the BOM needs from parsed front matter. Unknown keys are ignored. */
export function cardFields(card: PlainMap, bounds: Bounds): CardFields {
  const firstIndexName = text(get(maps(get(card, 'model-index'))[0], 'name'), bounds);
  const modelName = text(get(card, 'model_name'), bounds) ?? firstIndexName;
  const version = text(get(card, 'model_version'), bounds) ?? text(get(card, 'version'), bounds);
  const license = texts(get(card, 'license'), bounds);
  const licenseName = text(get(card, 'license_name'), bounds);
  const licenseLink = text(get(card, 'license_link'), bounds);
  const pipelineTag = text(get(card, 'pipeline_tag'), bounds);
  const libraryName = text(get(card, 'library_name'), bounds);
  return {
    ...(modelName !== undefined ? { modelName } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(license.length > 0 ? { license } : {}),
    ...(licenseName !== undefined ? { licenseName } : {}),
    ...(licenseLink !== undefined ? { licenseLink } : {}),
    ...(pipelineTag !== undefined ? { pipelineTag } : {}),
    ...(libraryName !== undefined ? { libraryName } : {}),
    baseModel: texts(get(card, 'base_model'), bounds),
    tags: texts(get(card, 'tags'), bounds),
    language: texts(get(card, 'language'), bounds),
    datasets: texts(get(card, 'datasets'), bounds),
    metrics: metricsOf(card, bounds),
  };
}
