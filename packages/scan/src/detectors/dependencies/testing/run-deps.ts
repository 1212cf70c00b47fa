import { bundledAdvisories } from '../../../advisories/database.ts';
import { createAdvisoryIndex } from '../../../advisories/match.ts';
import type { ScanSettings } from '../../../engine/settings.ts';
import { runDetector } from '../../../testing/run-detector.ts';
import type { CapturedReport } from '../../../testing/run-detector.ts';
import { dependenciesDetector } from '../index.ts';

let settings: ScanSettings | undefined;

/** Settings with the shipped advisory snapshot (index built once per test process). */
export function bundledSettings(): ScanSettings {
  if (!settings) {
    const db = bundledAdvisories();
    settings = {
      advisories: {
        index: createAdvisoryIndex(db),
        snapshotDate: db.snapshotDate,
        source: 'bundled',
      },
    };
  }
  return settings;
}

/** Run the dependencies detector over a text named `path` (and read from `file` on disk when given). */
export async function runDeps(
  path: string,
  text: string,
  options: { readonly file?: string; readonly format?: 'text' | 'json' } = {},
): Promise<CapturedReport[]> {
  const { reports } = await runDetector(dependenciesDetector, new TextEncoder().encode(text), {
    format: options.format ?? 'text',
    path,
    settings: bundledSettings(),
    ...(options.file !== undefined ? { file: options.file } : {}),
  });
  return reports;
}

/** The advisory ids of the deps/vulnerable-package reports about `pkg`, sorted. */
export function advisoryIds(reports: readonly CapturedReport[], pkg: string): string[] {
  return reports
    .filter((r) => r.ruleId === 'deps/vulnerable-package' && r.evidence?.['package'] === pkg)
    .map((r) => String(r.evidence?.['advisory']))
    .sort();
}
