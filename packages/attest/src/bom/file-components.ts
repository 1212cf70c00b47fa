import { basename, join } from 'node:path';
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { ManifestResource } from '../manifest/index.ts';
import { sampleFile } from './file-sample.ts';
import type { FormatOf, SampleSizes } from './file-sample.ts';

/** Files sampled at once for format identification. */
const SAMPLE_CONCURRENCY = 8;

/** A model file as a CycloneDX `file` component, plus the format it was identified as. */
export interface FileEntry {
  readonly component: Models.Component;
  readonly format?: string;
}

/**
 * One `file` component per manifest resource (files mode: one resource per file), named by its
 * model-relative path, with its SHA-256 and, when `formatOf` is given, an `mlsec:format` property.
 * A single-file model's resource is named `.` (OMS); its component takes the file's own name.
 */
export async function fileComponents(
  modelPath: string,
  singleFile: boolean,
  resources: readonly ManifestResource[],
  formatOf: FormatOf | undefined,
  sizes: SampleSizes,
): Promise<FileEntry[]> {
  const out: FileEntry[] = new Array<FileEntry>(resources.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < resources.length) {
      const index = next++;
      const resource = resources[index] as ManifestResource;
      const path = singleFile ? modelPath : join(modelPath, resource.name);
      const name = singleFile ? basename(modelPath) : resource.name;
      const format =
        formatOf === undefined ? undefined : formatOf(await sampleFile(path, sizes), name);
      const component = new Models.Component(Enums.ComponentType.File, name, {
        bomRef: `mlsec:file:${name}`,
      });
      component.hashes.set(Enums.HashAlgorithm['SHA-256'], resource.digest);
      if (format !== undefined)
        component.properties.add(new Models.Property('mlsec:format', format));
      out[index] = format === undefined ? { component } : { component, format };
    }
  };
  await Promise.all(Array.from({ length: Math.min(SAMPLE_CONCURRENCY, resources.length) }, lane));
  return out;
}
