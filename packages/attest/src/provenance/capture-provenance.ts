import { randomUUID } from 'node:crypto';
import { basename, resolve, sep } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { buildStatement, type BuiltStatement } from './build-statement.ts';
import { captureEnvironment } from './capture-environment.ts';
import { captureGit } from './capture-git.ts';
import { hashDataset, hashModel, type HashTreeOptions } from './dataset-manifest.ts';
import { toUtcTimestamp } from './timestamp.ts';
import type { DatasetFacts, JsonObject, ProvenanceFacts } from './types.ts';

/** Options for {@link captureProvenance}. */
export interface CaptureProvenanceOptions {
  /** The trained model: a file or a folder. */
  readonly model: string;
  /** Dataset versions used for training: files or folders. */
  readonly datasets: readonly string[];
  /** Hyperparameters (the `--params` object). */
  readonly hyperparameters: JsonObject;
  /** Repository root: git source and Python lock files (default `cwd`). */
  readonly repoDir?: string;
  /**
   * Folder relative paths are resolved against (default the process's current folder). Paths are
   * recorded as given, so a verifier run from the same folder finds the datasets again.
   */
  readonly cwd?: string;
  /** mlsec version for `runDetails.builder.id`. */
  readonly builderVersion: string;
  /** RFC 3339 start and finish of the training run (default: when this capture started/finished). */
  readonly startedOn?: string;
  readonly finishedOn?: string;
  /** Run `python3 -m pip freeze` (default true). */
  readonly pipFreeze?: boolean;
  /** Query nvidia-smi (default true). */
  readonly gpus?: boolean;
  /** Called before each model or dataset is hashed. */
  readonly onStep?: (step: { readonly kind: 'model' | 'dataset'; readonly path: string }) => void;
  /** Hashing progress within the model or dataset being hashed. */
  readonly onProgress?: HashTreeOptions['onProgress'];
}

/** The captured facts and the statement built from them. */
export interface CapturedProvenance extends BuiltStatement {
  readonly facts: ProvenanceFacts;
}

/**
 * Record a training run: hash the model (its OMS root digest is `subject[0]`, as `mlsec sign` signs it)
 * and every dataset, read the git source and the machine's environment, and build the in-toto SLSA
 * provenance statement. Throws MlsecError (PROVENANCE_DATASET_NOT_FOUND, ATTEST_*, ATTEST_BAD_OPTIONS).
 *
 * @example
 * const { bytes } = await captureProvenance({
 *   model: 'out/model', datasets: ['data/train'], hyperparameters: { lr: 0.001 }, builderVersion: '0.1.0',
 * });
 */
export async function captureProvenance(
  options: CaptureProvenanceOptions,
): Promise<CapturedProvenance> {
  const startedAt = new Date().toISOString();
  const startedOn = timestampOption(options.startedOn, 'startedOn') ?? startedAt;
  const finishedGiven = timestampOption(options.finishedOn, 'finishedOn');
  const cwd = resolve(options.cwd ?? '.');
  const names = datasetNames(options.datasets, cwd);
  const repoDir = resolve(cwd, options.repoDir ?? '.');

  const [environment, source] = await Promise.all([
    captureEnvironment({
      repoDir,
      ...(options.pipFreeze === undefined ? {} : { pipFreeze: options.pipFreeze }),
      ...(options.gpus === undefined ? {} : { gpus: options.gpus }),
    }),
    captureGit(repoDir),
  ]);
  const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };
  options.onStep?.({ kind: 'model', path: options.model });
  const model = await hashModel(resolve(cwd, options.model), progress);
  const datasets: DatasetFacts[] = [];
  for (const [i, path] of options.datasets.entries()) {
    options.onStep?.({ kind: 'dataset', path });
    const tree = await hashDataset(resolve(cwd, path), progress);
    datasets.push({
      name: names[i] ?? path,
      path: toPosix(path),
      rootSha256: tree.rootSha256,
      fileCount: tree.files.length,
      totalBytes: tree.totalBytes,
      files: tree.files,
    });
  }
  const finishedOn = finishedGiven ?? new Date().toISOString();
  if (Date.parse(finishedOn) < Date.parse(startedOn)) {
    throw new MlsecError(
      'ATTEST_BAD_OPTIONS',
      `finishedOn ${finishedOn} is before startedOn ${startedOn}`,
    );
  }
  const facts: ProvenanceFacts = {
    model: {
      name: model.baseName,
      path: toPosix(options.model),
      rootSha256: model.rootSha256,
      files: model.files,
    },
    datasets,
    hyperparameters: options.hyperparameters,
    environment,
    ...(source === undefined ? {} : { source }),
    builderVersion: options.builderVersion,
    invocationId: randomUUID(),
    startedOn,
    finishedOn,
  };
  return { facts, ...buildStatement(facts) };
}

/**
 * Dataset names: the path's last component, or the whole (POSIX) path when two datasets share a last
 * component. The same path given twice is refused.
 */
export function datasetNames(paths: readonly string[], cwd = '.'): string[] {
  const resolved = paths.map((p) => resolve(cwd, p));
  const dup = resolved.find((p, i) => resolved.indexOf(p) !== i);
  if (dup !== undefined) {
    throw new MlsecError('ATTEST_BAD_OPTIONS', `dataset ${snippet(dup)} is given twice`);
  }
  const bases = resolved.map((p) => basename(p) || p);
  return bases.map((b, i) =>
    bases.indexOf(b) === bases.lastIndexOf(b) ? b : toPosix(paths[i] ?? b),
  );
}

function timestampOption(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const ts = toUtcTimestamp(value);
  if (ts === undefined) {
    throw new MlsecError(
      'ATTEST_BAD_OPTIONS',
      `${what} is not an RFC 3339 timestamp: ${snippet(value, 60)}`,
    );
  }
  return ts;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
