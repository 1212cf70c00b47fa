import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeLimits } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { identify } from '@mlsec/formats';
import { DEFAULT_DETECTORS, loadScanSettings } from '@mlsec/scan';
import type { Detector, ScanSettings } from '@mlsec/scan';
import { runDetector } from '@mlsec/scan/testing';
import type { FuzzTarget } from './targets.ts';

const LIMITS = makeLimits({ maxBytes: 4 * 1024 * 1024, maxEntries: 10_000, maxOps: 1_000_000 });

let settings: Promise<ScanSettings> | undefined;

/** Rules are compiled once, while seeds are read, so their cost is not charged to the first input. */
function loaded(): Promise<ScanSettings> {
  settings ??= loadScanSettings({}, { secrets: true, advisories: true });
  return settings;
}

async function seeded(seeds: Uint8Array[]): Promise<Uint8Array[]> {
  await loaded();
  return seeds;
}

/** Text files under `dirs` of the repository (small ones), as seeds. */
function textSeeds(repo: string, dirs: readonly string[], name: RegExp): Uint8Array[] {
  const out: Uint8Array[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (name.test(entry.name) && statSync(path).size <= 256 * 1024)
        out.push(readFileSync(path));
    }
  };
  for (const dir of dirs) visit(join(repo, dir));
  return out;
}

/**
 * Run text detectors on the input as the engine would (identified by content, under `path`): they must
 * report (findings are fine) and never throw or hang.
 */
async function runTextDetectors(
  input: Uint8Array,
  path: string,
  select: (detector: Detector) => boolean,
): Promise<readonly FormatIssue[]> {
  const ready = await loaded();
  const format = identify(input.subarray(0, 4096), input.subarray(-65_557), input.length);
  for (const detector of DEFAULT_DETECTORS.filter(select)) {
    if (!detector.formats.includes(format)) continue;
    await runDetector(detector, input, { format, path, limits: LIMITS, settings: ready });
  }
  return [];
}

const TEXT = (d: Detector): boolean => d.uses !== undefined || d.id.startsWith('mlops');

/** Fuzz targets of the text detectors: secrets (notebooks, tracking files), dependencies, MLOps. */
export const TEXT_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'notebook-secrets',
    json: true,
    seeds: (repo) => seeded(textSeeds(repo, ['fixtures/notebooks', 'fixtures/redact'], /\.ipynb$/)),
    run: (input) => runTextDetectors(input, 'nb/fuzz.ipynb', (d) => d.id === 'secrets'),
  },
  {
    name: 'tracking-secrets',
    seeds: (repo) => seeded(textSeeds(repo, ['fixtures/secrets-tree'], /./)),
    run: (input) =>
      runTextDetectors(input, 'wandb/run-1/files/wandb-metadata.json', (d) => d.id === 'secrets'),
  },
  {
    name: 'mlops-configs',
    seeds: (repo) => seeded(textSeeds(repo, ['fixtures/mlops'], /./)),
    run: (input) => runTextDetectors(input, 'deploy/fuzz.yaml', TEXT),
  },
];
