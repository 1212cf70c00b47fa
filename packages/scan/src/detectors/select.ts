import { MlsecError } from '@mlsec/core';
import type { Detector, RepoDetector } from '../engine/context.ts';
import { ARTIFACT_DETECTORS, DEFAULT_DETECTORS, DEFAULT_REPO_DETECTORS } from './index.ts';
import { MLOPS_DETECTORS } from './mlops/index.ts';

/** Names that stand for several detectors, for --only and --skip. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  artifacts: ARTIFACT_DETECTORS.map((d) => d.id),
  archives: ['zip', 'tar', 'compressed'],
  pickle: ['pickle', 'pickle-probe'],
  keras: ['keras-hdf5', 'json-config'],
  hf: ['hf-repo'],
  deps: ['dependencies'],
  mlops: MLOPS_DETECTORS.map((d) => d.id),
};

/** Every name --only and --skip accept: group names and detector ids. */
export function scannerNames(): string[] {
  const ids = [...DEFAULT_DETECTORS, ...DEFAULT_REPO_DETECTORS].map((d) => d.id);
  return [...new Set([...Object.keys(GROUPS), ...ids])].sort();
}

function expand(names: readonly string[]): Set<string> {
  const known = new Set(scannerNames());
  const out = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) {
      throw new MlsecError(
        'SCAN_UNKNOWN_SCANNER',
        `unknown scanner ${JSON.stringify(name.slice(0, 40))}; known: ${scannerNames().join(', ')}`,
      );
    }
    for (const id of GROUPS[name] ?? [name]) out.add(id);
  }
  return out;
}

/** The detectors a scan runs, after --only (keep just these) and --skip (drop these). */
export function selectDetectors(
  only: readonly string[] = [],
  skip: readonly string[] = [],
): { detectors: Detector[]; repoDetectors: RepoDetector[] } {
  const keep = only.length > 0 ? expand(only) : undefined;
  const drop = expand(skip);
  const wanted = (id: string): boolean => (keep === undefined || keep.has(id)) && !drop.has(id);
  return {
    detectors: DEFAULT_DETECTORS.filter((d) => wanted(d.id)),
    repoDetectors: DEFAULT_REPO_DETECTORS.filter((d) => wanted(d.id)),
  };
}
