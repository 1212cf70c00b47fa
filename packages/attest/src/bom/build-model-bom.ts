import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import { MlsecError, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { buildManifest, subjectDigest } from '../manifest/index.ts';
import { readCard, readConfig } from './read-card.ts';
import { datasetComponents } from './dataset-components.ts';
import { fileComponents } from './file-components.ts';
import { DEFAULT_SAMPLE_SIZES } from './file-sample.ts';
import { modelLicences } from './licence.ts';
import { DEFAULT_BOM_LIMITS } from './limits.ts';
import type { BomLimits } from './limits.ts';
import { modelCard } from './model-card.ts';
import { linkProvenance } from './provenance-link.ts';
import { loadProvenance } from './load-provenance.ts';
import { normalizeBom } from './serialize-bom.ts';
import type { BuildModelBomOptions, ModelBom } from './types.ts';

const SERIAL = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A CycloneDX 1.6 ML-BOM for a model folder (Hugging Face layout or any folder) or a single model file:
 * the model as a `machine-learning-model` component with its OMS root digest, licence and model card, one
 * nested `file` component per file (SHA-256, format), `data` components for its datasets, and what an
 * (unverified) provenance file says about how it was trained. Deterministic except `serialNumber` and
 * `metadata.timestamp`, which options can fix.
 *
 * @example
 * const { bom } = await buildModelBom('./bert-tiny', { toolVersion: '0.1.0' });
 * await writeFile('bert-tiny.cdx.json', serializeBom(bom));
 */
export async function buildModelBom(
  modelDir: string,
  options: BuildModelBomOptions,
): Promise<ModelBom> {
  const limits: BomLimits = { ...DEFAULT_BOM_LIMITS, ...options.limits };
  const serialNumber = options.serialNumber ?? `urn:uuid:${randomUUID()}`;
  if (!SERIAL.test(serialNumber)) {
    throw new MlsecError(
      'ATTEST_BAD_OPTIONS',
      `serial number must be urn:uuid:<RFC 4122 UUID> (got "${snippet(serialNumber, 60)}")`,
    );
  }
  const modelPath = resolve(modelDir);
  const issues: FormatIssue[] = [];

  // Provenance first: a provenance file found inside the model folder is left out of the manifest, which
  // then reports a missing model, symlinks and unreadable files with ATTEST_* codes.
  const isDir = (await stat(modelPath).catch(() => undefined))?.isDirectory() ?? false;
  const provenance = await loadProvenance(modelPath, isDir, options.provenance, limits, issues);
  const ignore = isDir
    ? [
        ...(options.ignore ?? []),
        ...(provenance !== undefined && inside(modelPath, provenance.path)
          ? [provenance.path]
          : []),
      ]
    : [];
  const manifest = await buildManifest(modelPath, {
    mode: 'file',
    ignore,
    maxFiles: limits.maxFiles,
    ...(options.allowSymlinks !== undefined ? { allowSymlinks: options.allowSymlinks } : {}),
  });
  const rootDigest = subjectDigest(manifest);
  const card = isDir ? await readCard(join(modelPath, 'README.md'), limits, issues) : undefined;
  const config = isDir
    ? await readConfig(join(modelPath, 'config.json'), limits, issues)
    : undefined;

  const model = new Models.Component(
    Enums.ComponentType.MachineLearningModel,
    card?.modelName ?? manifest.modelName,
    {
      bomRef: 'mlsec:model',
      ...(card?.version !== undefined ? { version: card.version } : {}),
    },
  );
  for (const licence of modelLicences(card, config)) model.licenses.add(licence);
  const prop = (name: string, value: string): void => {
    model.properties.add(new Models.Property(name, value));
  };
  prop('mlsec:oms-root-digest', rootDigest);
  prop('mlsec:oms-serialization', 'files/sha256');
  for (const path of manifest.serialization.ignorePaths) prop('mlsec:oms-ignore-path', path);

  const files = await fileComponents(
    modelPath,
    !isDir,
    manifest.resources,
    options.formatOf,
    options.sampleSizes ?? DEFAULT_SAMPLE_SIZES,
  );
  for (const file of files) model.components.add(file.component);
  for (const format of new Set(files.map((f) => f.format).filter((f) => f !== undefined)))
    prop('mlsec:format', format);
  const single = manifest.resources[0];
  if (!isDir && single !== undefined)
    model.hashes.set(Enums.HashAlgorithm['SHA-256'], single.digest);

  const datasets = datasetComponents(card?.datasets ?? [], provenance?.facts.datasets ?? []);
  for (const ds of datasets) model.dependencies.add(ds.component.bomRef);
  const formulation =
    provenance === undefined
      ? []
      : linkProvenance(model, provenance.facts, basename(provenance.path), rootDigest);

  const tool = new Models.Component(Enums.ComponentType.Application, 'mlsec', {
    version: options.toolVersion,
  });
  const bom = new Models.Bom({
    serialNumber,
    metadata: new Models.Metadata({
      timestamp: options.timestamp ?? new Date(),
      component: model,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
    }),
    components: new Models.ComponentRepository(datasets.map((d) => d.component)),
  });
  const card16 = modelCard(
    card,
    config,
    datasets.map((d) => d.component.bomRef.value ?? ''),
    provenance?.facts,
  );
  const json = normalizeBom(bom, {
    ...(card16 !== undefined ? { modelCard: card16 } : {}),
    componentData: new Map(datasets.map((d) => [d.component.bomRef.value ?? '', d.data])),
    formulation,
  });
  return {
    bom: json,
    rootDigest,
    ...(provenance !== undefined ? { provenanceFile: provenance.path } : {}),
    issues,
  };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
