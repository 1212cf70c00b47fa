import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { ProvenanceSummaryDataset } from './provenance-summary.ts';

/** A dataset as a CycloneDX `data` component, with the `data` entry the library cannot model. */
export interface DatasetEntry {
  readonly component: Models.Component;
  /** CycloneDX 1.6 `componentData`, attached to the component when serializing. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** A Hugging Face dataset id: `name` or `owner/name`. */
const HF_DATASET_ID = /^[A-Za-z0-9][\w.-]{0,95}(?:\/[\w.-]{1,96})?$/;

/**
 * `data` components for the datasets the model card names (`datasets:`) and those the provenance recorded
 * (with their root digest, file count and size). A dataset named in both is one component.
 */
export function datasetComponents(
  cardDatasets: readonly string[],
  recorded: readonly ProvenanceSummaryDataset[],
): DatasetEntry[] {
  const byName = new Map<string, DatasetEntry>();
  const entry = (name: string): DatasetEntry => {
    let found = byName.get(name);
    if (found === undefined) {
      const component = new Models.Component(Enums.ComponentType.Data, name, {
        bomRef: `mlsec:dataset:${name}`,
      });
      found = { component, data: { type: 'dataset', name } };
      byName.set(name, found);
    }
    return found;
  };
  for (const id of cardDatasets) {
    const { component } = entry(id);
    component.properties.add(new Models.Property('mlsec:dataset:source', 'model-card'));
    if (HF_DATASET_ID.test(id)) {
      const url = `https://huggingface.co/datasets/${id}`;
      component.externalReferences.add(
        new Models.ExternalReference(url, Enums.ExternalReferenceType.Distribution),
      );
    }
  }
  for (const ds of recorded) {
    const { component } = entry(ds.name);
    component.properties.add(new Models.Property('mlsec:dataset:source', 'provenance'));
    component.hashes.set(Enums.HashAlgorithm['SHA-256'], ds.sha256);
    component.properties.add(new Models.Property('mlsec:dataset:root-digest', ds.sha256));
    component.properties.add(new Models.Property('mlsec:dataset:uri', ds.uri));
    if (ds.fileCount !== undefined)
      component.properties.add(
        new Models.Property('mlsec:dataset:file-count', String(ds.fileCount)),
      );
    if (ds.totalBytes !== undefined)
      component.properties.add(
        new Models.Property('mlsec:dataset:total-bytes', String(ds.totalBytes)),
      );
  }
  return [...byName.values()];
}
