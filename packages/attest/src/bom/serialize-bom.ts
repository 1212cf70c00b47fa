import { Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Models } from '@cyclonedx/cyclonedx-library';

type Json = Record<string, unknown>;

/** JSON the library cannot model (modelCard, componentData, formulation), added after normalizing. */
export interface BomExtras {
  /** `modelCard` of `metadata.component`. */
  readonly modelCard?: Readonly<Json>;
  /** `data` (componentData list) of top-level components, by bom-ref. */
  readonly componentData: ReadonlyMap<string, Readonly<Json>>;
  /** Top-level `formulation`. */
  readonly formulation: readonly Readonly<Json>[];
}

/**
 * The CycloneDX 1.6 JSON of a BOM: the library's normalizer, then the parts the library has no model for.
 * Lists keep insertion order, which the builder makes deterministic (files in OMS path order, properties
 * in a fixed order); the library's `sortLists` is not used because it sorts with the locale-dependent
 * `localeCompare`, so the bytes could differ between machines.
 */
export function normalizeBom(bom: Models.Bom, extras: BomExtras): Json {
  const factory = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6);
  // The normalizer leaves `undefined` members; a JSON round trip gives the plain document written out.
  const normalized = factory.makeForBom().normalize(bom, { sortLists: false });
  const json = JSON.parse(JSON.stringify(normalized)) as Json;
  const metadata = json['metadata'] as Json | undefined;
  const model = metadata?.['component'] as Json | undefined;
  if (model !== undefined && extras.modelCard !== undefined) model['modelCard'] = extras.modelCard;
  const components = (json['components'] ?? []) as Json[];
  for (const component of components) {
    const data = extras.componentData.get(String(component['bom-ref']));
    if (data !== undefined) component['data'] = [data];
  }
  if (extras.formulation.length > 0) json['formulation'] = extras.formulation;
  return json;
}

/** The BOM as the bytes `mlsec bom` writes: two-space indented JSON with a final newline. */
export function serializeBom(json: Readonly<Json>): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
