import { fileUri } from '../provenance/file-uri.ts';
import type { ProvenanceContainer, ReadProvenance } from '../provenance/read-statement.ts';
import { clip } from './limits.ts';
import type { BomLimits } from './limits.ts';

/** A dataset recorded by `mlsec provenance capture` (`resolvedDependencies[]`, `mlsec.kind: dataset`). */
export interface ProvenanceSummaryDataset {
  readonly name: string;
  /** `file:` + the path recorded at capture. */
  readonly uri: string;
  /** The dataset's root digest (hex SHA-256 over its per-file digests). */
  readonly sha256: string;
  readonly fileCount?: number;
  readonly totalBytes?: number;
}

/** What the BOM records from a provenance file, every text cut to size. Nothing here is verified. */
export interface ProvenanceSummary {
  readonly container: ProvenanceContainer;
  /** `subject[0].digest.sha256`: the model's OMS root digest when captured. */
  readonly subjectSha256: string;
  readonly datasets: readonly ProvenanceSummaryDataset[];
  /** The `mlsec.kind: source` dependency, when it names its repository: `git+<remote>@<commit>`. */
  readonly source?: { readonly uri: string; readonly gitCommit: string };
  /** `externalParameters.hyperparameters`, each value as text (JSON for non-strings), in document order. */
  readonly hyperparameters: readonly (readonly [string, string])[];
  readonly builderId: string;
  readonly startedOn?: string;
  readonly finishedOn?: string;
}

type Bounds = Pick<BomLimits, 'stringChars' | 'listItems'>;

/**
 * The BOM's view of a provenance file read by `readProvenance` (the reader behind `mlsec provenance
 * verify`; its signature is NOT checked): every untrusted string cut to `stringChars` and every list
 * (datasets, hyperparameters) to `listItems`.
 */
export function summarizeProvenance(read: ReadProvenance, bounds: Bounds): ProvenanceSummary {
  const { record } = read;
  const text = (value: string): string => clip(value, bounds.stringChars);
  const datasets = record.datasets.slice(0, bounds.listItems).map((ds) => ({
    name: text(ds.name),
    uri: text(fileUri(ds.path)),
    sha256: ds.sha256,
    ...(ds.fileCount !== undefined ? { fileCount: ds.fileCount } : {}),
    ...(ds.totalBytes !== undefined ? { totalBytes: ds.totalBytes } : {}),
  }));
  const hyper = record.externalParameters['hyperparameters'];
  const hyperparameters =
    hyper !== null && typeof hyper === 'object' && !Array.isArray(hyper)
      ? Object.entries(hyper)
          .slice(0, bounds.listItems)
          .map(([k, v]) => [text(k), text(typeof v === 'string' ? v : JSON.stringify(v))] as const)
      : [];
  const { source, metadata } = record;
  return {
    container: read.container,
    subjectSha256: record.model.sha256,
    datasets,
    ...(source?.uri ? { source: { uri: text(source.uri), gitCommit: source.commit } } : {}),
    hyperparameters,
    builderId: text(record.builderId),
    ...(metadata?.startedOn ? { startedOn: text(metadata.startedOn) } : {}),
    ...(metadata?.finishedOn ? { finishedOn: text(metadata.finishedOn) } : {}),
  };
}
