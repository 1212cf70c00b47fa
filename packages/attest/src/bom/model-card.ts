import type { CardFields } from './card-fields.ts';
import type { ConfigFields } from './model-config.ts';
import type { ProvenanceSummary } from './provenance-summary.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * The CycloneDX 1.6 `modelCard` of the model component (the library has no model for it, so it is JSON
 * here, checked against the official schema in the tests):
 * - `modelParameters.task` ← `pipeline_tag`; `architectureFamily` ← config `model_type`;
 *   `modelArchitecture` ← config `architectures[0]`; `datasets` ← refs to the `data` components;
 * - `quantitativeAnalysis.performanceMetrics` ← `model-index` metrics;
 * - `properties` ← `base_model`, `library_name`, `tags`, `language`, the provenance's hyperparameters.
 * Undefined when there is nothing to say.
 */
export function modelCard(
  card: CardFields | undefined,
  config: ConfigFields | undefined,
  datasetRefs: readonly string[],
  provenance: ProvenanceSummary | undefined,
): Json | undefined {
  const parameters: Record<string, unknown> = {};
  if (card?.pipelineTag !== undefined) parameters['task'] = card.pipelineTag;
  if (config?.modelType !== undefined) parameters['architectureFamily'] = config.modelType;
  const architecture = config?.architectures[0];
  if (architecture !== undefined) parameters['modelArchitecture'] = architecture;
  if (datasetRefs.length > 0) parameters['datasets'] = datasetRefs.map((ref) => ({ ref }));

  const properties: { name: string; value: string }[] = [];
  const add = (name: string, values: readonly string[]): void => {
    for (const value of values) properties.push({ name, value });
  };
  add('mlsec:base-model', card?.baseModel ?? []);
  add('mlsec:library-name', card?.libraryName !== undefined ? [card.libraryName] : []);
  add('mlsec:tag', card?.tags ?? []);
  add('mlsec:language', card?.language ?? []);
  add('mlsec:architecture', config?.architectures.slice(1) ?? []);
  for (const [key, value] of provenance?.hyperparameters ?? [])
    add(`mlsec:hyperparameter:${key}`, [value]);

  const out: Record<string, unknown> = {};
  if (Object.keys(parameters).length > 0) out['modelParameters'] = parameters;
  const metrics = card?.metrics ?? [];
  if (metrics.length > 0) {
    out['quantitativeAnalysis'] = { performanceMetrics: metrics.map((m) => ({ ...m })) };
  }
  if (properties.length > 0) out['properties'] = properties;
  return Object.keys(out).length > 0 ? { 'bom-ref': 'mlsec:model-card', ...out } : undefined;
}
