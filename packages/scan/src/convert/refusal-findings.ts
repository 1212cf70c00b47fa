import { dirname, resolve } from 'node:path';
import type { Finding, Limits } from '@mlsec/core';
import { scanPaths } from '../engine/scan.ts';

/**
 * What the scanner says about a file the converter refused: the artifact detectors only (no secrets,
 * dependency or MLOps rules), one thread, paths relative to the file's folder. These are the findings
 * `mlsec scan` would report, so a refusal and a scan never disagree about why.
 */
export async function scanRefused(path: string, limits: Limits): Promise<readonly Finding[]> {
  const absolute = resolve(path);
  const report = await scanPaths([absolute], {
    cwd: dirname(absolute),
    limits,
    jobs: 1,
    only: ['artifacts'],
  });
  return report.findings;
}
